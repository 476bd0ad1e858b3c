# frozen_string_literal: true

class AutoMergeProcessWorker
  include ApplicationWorker

  data_consistency :sticky, feature_flag: :auto_merge_skip_conflict_check
  deduplicate :until_executed, feature_flag: :auto_merge_skip_conflict_check

  def perform(merge_request_id)
    MergeRequest.find_by_id(merge_request_id)&.then { |mr| AutoMergeService.new(mr.project).process(mr) }
  end
end
