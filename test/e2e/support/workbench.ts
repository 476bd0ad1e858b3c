// Hand-like input for the VS Code workbench in code-server: palette, quick open, quick picks, views.
// Every helper waits on something visible, never on a fixed delay.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS } from './session';

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

const quickInput = (page: Page) => page.locator('.quick-input-widget');

/** The visible row of the open quick input whose label is exactly `label`. */
export function quickPickRow(page: Page, label: string | RegExp): Locator {
  const text = typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}$`) : label;
  // :visible skips rows a previous quick pick left behind in the reused widget.
  return quickInput(page).locator('.monaco-list-row:visible').filter({ has: page.locator('.label-name', { hasText: text }) });
}

/** Whether a row of a multi-select quick pick is ticked. */
export async function isTicked(page: Page, label: string): Promise<boolean> {
  const row = quickPickRow(page, label);
  await row.waitFor();
  return (await row.locator('[role="checkbox"]').getAttribute('aria-checked')) === 'true';
}

/**
 * Picks an item of the open context menu. VS Code ignores a mouse-up that comes right after the
 * menu opens, so when the menu is still there after the click, the highlighted item is taken
 * with Enter, as a person would.
 */
export async function chooseContextMenuItem(page: Page, label: string): Promise<void> {
  const item = page.locator('.context-view .action-label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) });
  await item.click();
  try {
    await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden', timeout: 2000 });
  } catch {
    await item.hover();
    await page.keyboard.press('Enter');
    await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await quickInput(page).locator('input').waitFor();
  await page.keyboard.type(title);
  const row = quickPickRow(page, new RegExp(`${escapeRegExp(title)}$`)).first();
  await row.waitFor();
  await row.click();
}

/** Opens a workspace file through Quick Open and waits for its tab. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = relativePath.split('/').pop()!;
  await page.keyboard.press('Control+P');
  await quickInput(page).locator('input').waitFor();
  await page.keyboard.type(relativePath);
  // Wait until filtering has put the file on top, or Enter would open a recently used file instead.
  await quickInput(page).locator('.monaco-list-row.focused', { hasText: name }).waitFor();
  await page.keyboard.press('Enter');
  await activeTab(page, name).waitFor();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

export function activeTab(page: Page, fileName: string): Locator {
  return page.locator(`.tabs-container .tab.active[data-resource-name="${fileName}"]`);
}

/** Moves the cursor with Go to Line (1-based line and column, as the editor shows them). */
export async function goToLine(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await quickInput(page).locator('input').waitFor();
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
}

/** 1-based line and column of the first `needle` in a file (column of the needle's start + offset). */
export function positionOf(file: string, needle: string, offset = 0): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let index = 0; index < lines.length; index++) {
    const at = lines[index].indexOf(needle);
    if (at >= 0) return { line: index + 1, column: at + 1 + offset };
  }
  throw new Error(`'${needle}' not found in ${file}`);
}

/** A row of a tree view by its label, inside the view pane whose title is `viewTitle`. */
export function treeRow(page: Page, viewTitle: string, label: string | RegExp): Locator {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: viewTitle }) });
  const text = typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}$`) : label;
  return pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: text }) });
}

/**
 * Waits for the input box of a typed confirmation whose title matches, and reads it: title,
 * prompt, placeholder, what is typed, and the validation message if one is shown.
 */
export async function confirmationBox(
  page: Page,
  title: string | RegExp,
): Promise<{ title: string; prompt: string; placeholder: string; value: string; message: string }> {
  const widget = quickInput(page);
  const text = typeof title === 'string' ? new RegExp(`^${escapeRegExp(title)}`) : title;
  await widget.locator('.quick-input-title', { hasText: text }).waitFor();
  const input = widget.locator('.quick-input-box input');
  const message = (await widget.locator('.quick-input-message').innerText()).trim();
  return {
    title: (await widget.locator('.quick-input-title').innerText()).trim(),
    // The prompt and a validation message share one line under the box.
    prompt: message,
    placeholder: (await input.getAttribute('placeholder')) ?? '',
    value: await input.inputValue(),
    message,
  };
}

export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text });
}
