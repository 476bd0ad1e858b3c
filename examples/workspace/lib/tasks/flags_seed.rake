# frozen_string_literal: true

namespace :gitlab do
  desc 'Seed feature flag states for local development'
  task seed_flags: :environment do
    Feature.enable(:blame_ignore_revs)
    Feature.disable(:code_suggestions_context)
    Feature.enable_percentage_of_actors(:work_item_view_for_issues, 25)
    Feature.remove(:auto_merge_skip_conflict_check)
  end
end
