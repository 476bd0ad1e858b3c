// `--seed demo`: a few interesting states, different on staging and production, so the hover,
// the tree and the rollout view have something to show straight away.

import { emptyFeature, type StoredFeature } from './flipper';
import { emptyState, type LocalState } from './state';

function feature(partial: Partial<StoredFeature>): StoredFeature {
  return { ...emptyFeature(), ...partial };
}

const DEFINITIONS: Record<string, unknown>[] = [
  {
    name: 'code_suggestions_context',
    introduced_by_url: 'https://gitlab.com/gitlab-org/gitlab/-/merge_requests/140001',
    rollout_issue_url: 'https://gitlab.com/gitlab-org/gitlab/-/issues/434420',
    milestone: '16.8',
    type: 'beta',
    group: 'group::code creation',
    default_enabled: false,
  },
  {
    name: 'ci_pipeline_creation_requests_realtime',
    introduced_by_url: 'https://gitlab.com/gitlab-org/gitlab/-/merge_requests/175001',
    rollout_issue_url: 'https://gitlab.com/gitlab-org/gitlab/-/issues/510001',
    milestone: '17.9',
    type: 'gitlab_com_derisk',
    group: 'group::pipeline authoring',
    default_enabled: false,
  },
  {
    name: 'blame_ignore_revs',
    rollout_issue_url: 'https://gitlab.com/gitlab-org/gitlab/-/issues/514325',
    milestone: '17.9',
    type: 'beta',
    group: 'group::source code',
    default_enabled: true,
  },
];

/** The demo state for an instance called `name` ('production' gets the more cautious one). */
export function demoState(name: string): LocalState {
  const state = emptyState();
  state.definitions = structuredClone(DEFINITIONS);
  if (name === 'production') {
    state.features = {
      code_suggestions_context: feature({ actors: ['Project:278964', 'Project:13083', 'Group:9970'], groups: ['gitlab_team_members'] }),
      ci_pipeline_creation_requests_realtime: feature({ actors: ['Project:278964'], percentageOfActors: 25 }),
      work_items_beta: feature({}),
      deduplicate_archive_traces_cron_worker: feature({ percentageOfTime: 10 }),
    };
  } else {
    state.features = {
      code_suggestions_context: feature({ boolean: true }),
      ci_pipeline_creation_requests_realtime: feature({ boolean: true }),
      work_items_beta: feature({ percentageOfActors: 50 }),
      deduplicate_archive_traces_cron_worker: feature({ boolean: true }),
    };
  }
  return state;
}
