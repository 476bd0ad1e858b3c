# frozen_string_literal: true

module Types
  class PipelineType < BaseObject
    field :creation_request, GraphQL::Types::String,
      null: true,
      description: 'Realtime creation request.',
      feature_flag: :ci_pipeline_creation_requests_realtime
  end
end
