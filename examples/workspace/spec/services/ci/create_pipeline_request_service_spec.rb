# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Ci::CreatePipelineRequestService, feature_category: :pipeline_composition do
  let_it_be(:project) { create(:project) }

  subject(:execute) { described_class.new(project, project.owner).execute }

  context 'when realtime requests are enabled' do
    before do
      stub_feature_flags(ci_pipeline_creation_requests_realtime: true, code_suggestions_context: false)
    end

    it { is_expected.to include(:status) }
  end

  context 'when realtime requests are disabled' do
    before do
      stub_feature_flags(
        ci_pipeline_creation_requests_realtime: false,
        old_derisk_flag: project
      )
    end

    it { is_expected.to eq(status: :legacy) }
  end
end
