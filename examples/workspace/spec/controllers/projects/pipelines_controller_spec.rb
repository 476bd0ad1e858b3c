# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Projects::PipelinesController, feature_category: :continuous_integration do
  let_it_be(:project) { create(:project) }

  it 'pushes the realtime flag to the frontend' do
    get :index, params: { namespace_id: project.namespace, project_id: project }

    expect(response).to have_pushed_frontend_feature_flags(ciPipelineCreationRequestsRealtime: true)
  end
end
