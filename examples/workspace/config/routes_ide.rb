# frozen_string_literal: true

constraints(::Constraints::FeatureConstrainer.new(:vscode_web_ide)) do
  get '/-/ide/oauth_redirect', to: 'web_ide/oauth#redirect'
end
