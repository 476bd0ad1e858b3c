# frozen_string_literal: true

module Projects
  class PipelinesController < Projects::ApplicationController
    before_action do
      push_frontend_feature_flag(:ci_pipeline_creation_requests_realtime, project)
      push_frontend_feature_flag(:blame_ignore_revs, project, type: :beta)
    end

    before_action only: :show do
      push_force_frontend_feature_flag(:code_suggestions_context, current_user&.can?(:read_code))
    end

    def index
      @pipelines = project.all_pipelines.page(params[:page])
    end

    def create
      if ::Feature.enabled?(:ci_pipeline_creation_requests_realtime, project)
        render json: Ci::CreatePipelineRequestService.new(project, current_user).execute
      else
        render json: Ci::CreatePipelineService.new(project, current_user).execute
      end
    end
  end
end
