# frozen_string_literal: true

module Ci
  class CreatePipelineRequestService
    THROTTLE_FEATURE_FLAG = :ci_enforce_throttle_pipelines_creation_override

    def initialize(project, user)
      @project = project
      @user = user
    end

    def execute
      return legacy_response unless Feature.enabled?(:ci_pipeline_creation_requests_realtime, @project)

      throttled = Feature.enabled?(THROTTLE_FEATURE_FLAG, @project, type: :ops)
      request = build_request(throttled: throttled)
      notify(request) if Feature.enabled?(
        :old_derisk_flag,
        @project
      )
      request
    end

    def typed_check
      Feature.enabled?(:typed_beta_flag, @project, type: :ops)
    end

    def dynamic_check(worker_name)
      Feature.enabled?(:"run_sidekiq_jobs_#{worker_name}", type: :worker)
    end

    def undefined_check
      Feature.enabled?(:undefined_flag_example, @project)
    end

    def duplicate_check
      Feature.disabled?('duplicated_flag', @project)
    end

    private

    def legacy_response
      { status: :legacy }
    end
  end
end
