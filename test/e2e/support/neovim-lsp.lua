-- Drives gitlab-flags-language-server from headless Neovim (0.7+ API): open a file, wait for the
-- index, ask for hover and references at one position, write the answers as JSON, quit.
-- Inputs come from the environment: GF_SERVER, GF_ROOT, GF_FILE, GF_LINE, GF_CHARACTER (0-based), GF_OUT.

local env = vim.env
local ready = false
local status = nil

local client_id = vim.lsp.start_client({
  name = 'gitlab-flags',
  cmd = { 'node', env.GF_SERVER, '--stdio' },
  root_dir = env.GF_ROOT,
  handlers = {
    ['gitlabFlags/indexStatus'] = function(_, result)
      status = result
      if result.state ~= 'indexing' then ready = true end
    end,
  },
})

local function finish(payload)
  local file = io.open(env.GF_OUT, 'w')
  file:write(vim.fn.json_encode(payload))
  file:close()
  vim.lsp.stop_client(client_id)
  vim.cmd('qall!')
end

if not client_id then
  return finish({ error = 'the language server did not start' })
end

vim.cmd('edit ' .. vim.fn.fnameescape(env.GF_FILE))
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)

if not vim.wait(60000, function() return ready end, 50) then
  return finish({ error = 'the index was not ready within 60 s' })
end

local position = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = tonumber(env.GF_LINE), character = tonumber(env.GF_CHARACTER) },
}
local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', position, 10000)
local references = vim.lsp.buf_request_sync(
  bufnr,
  'textDocument/references',
  vim.tbl_extend('force', position, { context = { includeDeclaration = true } }),
  10000
)

local function first_result(responses)
  for _, response in pairs(responses or {}) do
    if response.result then return response.result end
  end
  return vim.NIL
end

finish({ status = status, hover = first_result(hover), references = first_result(references) })
