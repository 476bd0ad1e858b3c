# frozen_string_literal: true

module CodeSuggestions
  class CompletionsService
    def initialize(user, params)
      @user = user
      @params = params
    end

    def execute
      payload = { prompt: @params[:prompt] }
      if ::Feature.enabled?(
        :code_suggestions_context,
        @user,
        type: :beta
      )
        payload[:context] = @params[:context]
        payload[:user_instruction] = @params[:user_instruction]
      end
      return payload if Feature.disabled?("code_suggestions_context", @user)

      payload.merge(enriched: true)
    end
  end
end
