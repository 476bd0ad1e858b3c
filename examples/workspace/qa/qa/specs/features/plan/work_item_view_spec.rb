# frozen_string_literal: true

module QA
  RSpec.describe 'Plan', feature_flag: { name: 'work_item_view_for_issues', scope: :project } do
    let(:project) { create(:project) }

    before do
      Runtime::Feature.enable(:work_item_view_for_issues, project: project)
    end

    it 'opens an issue in the work item view' do
      Page::Project::Issue::Show.perform(&:has_work_item_view?)
    end
  end
end
