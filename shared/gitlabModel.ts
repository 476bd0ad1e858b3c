// Environments and live flag state, as the Features API reports them (domain doc §3).

export type Access = 'read' | 'write';

/** One GitLab instance the user can read flags from (and maybe write to). */
export interface Environment {
  name: string;
  /** Base URL of the instance, e.g. https://staging.gitlab.com (no /api/v4). */
  url: string;
  /** The chatops option that selects it, e.g. --staging. */
  chatopsOption?: string;
  production?: boolean;
  access?: Access;
  /**
   * The project on this instance whose open incidents block changes here (chatops' production
   * check), e.g. gitlab-com/gl-infra/production. Only read for production environments.
   */
  incidentProject?: string;
  /** Plain http to a non-loopback host, accepted explicitly; warned about on every use. */
  allowInsecureHttp?: boolean;
}

/** An open incident, as the production check reports it. */
export interface Incident {
  iid: number;
  title: string;
  labels: string[];
  webUrl?: string;
}

export type Gate =
  | { key: 'boolean'; value: boolean }
  | { key: 'percentage_of_actors'; value: number }
  | { key: 'percentage_of_time'; value: number }
  | { key: 'actors'; value: string[] }
  | { key: 'groups'; value: string[] };

/** One element of GET /api/v4/features. */
export interface FeatureState {
  name: string;
  state: 'on' | 'off' | 'conditional';
  gates: Gate[];
  definition?: Record<string, unknown> | null;
}

/** What we know of one flag on one environment. */
export type EnvironmentFlagState =
  | { status: 'set'; feature: FeatureState; fetchedAt: number }
  | { status: 'default'; defaultEnabled: boolean; fetchedAt: number }
  | { status: 'unknown'; reason: string; fetchedAt?: number };
