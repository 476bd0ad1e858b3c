// find_flag_references: every place a flag is used, as `gitlab-flags refs NAME --json` lists them.

import { z } from 'zod';
import { defineTool } from '../tool';
import { dynamicRows, isKnown, normalizeName, referenceRow, referenceRows, similarNames } from '../rows';

export const findFlagReferences = defineTool({
  name: 'find_flag_references',
  title: 'Find flag references',
  description:
    'Every reference to a GitLab feature flag in the repository: Ruby checks (Feature.enabled?), pushes to the frontend, ' +
    'gon.features/glFeatures reads, spec stubs, QA metadata, worker options and the YAML definition. snake_case and ' +
    'camelCase spellings are the same flag. Each row has a 1-based `location` (path:line:column). `dynamic` lists ' +
    'flag names computed at run time that may mean this flag; check those by hand.',
  input: {
    name: z.string().min(1).describe('The flag name, e.g. ci_pipeline_creation_requests_realtime (camelCase is accepted)'),
  },
  output: {
    flag: z.string().describe('The name as the definition spells it'),
    known: z.boolean().describe('false: nothing in the repository defines or references it'),
    definitions: z.array(z.string()).describe('The YAML definition files'),
    count: z.number().int(),
    byKind: z.record(z.string(), z.number().int()),
    references: z.array(referenceRow),
    dynamic: z.array(z.object({ expression: z.string(), location: z.string() })),
    suggestions: z.array(z.string()).optional().describe('Known flags with a similar name, when this one is unknown'),
  },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(context, { name: raw }) {
    const name = normalizeName(raw);
    const { index } = await context.index();
    const references = referenceRows(context, index, name);
    const byKind: Record<string, number> = {};
    for (const row of references) byKind[row.kind] = (byKind[row.kind] ?? 0) + 1;
    const known = isKnown(index, name);
    return {
      flag: index.displayName(name),
      known,
      definitions: index.definitions(name).map((definition) => context.relativePath(definition.file)),
      count: references.length,
      byKind,
      references,
      dynamic: dynamicRows(context, index, name),
      ...(known ? {} : { suggestions: similarNames(index, name) }),
    };
  },
});
