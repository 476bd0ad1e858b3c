// Scores references reported by the index against the generator's manifest: what was found,
// missed, attributed to the wrong flag, given the wrong kind, or reported where nothing is.

import type { Manifest, ManifestReference, Span } from '../generator/manifest';

/** One line of `gitlab-flags refs --json`. */
export interface ReportedReference {
  flag: string;
  path: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  kind: string;
}

export interface FormScore {
  form: string;
  expected: number;
  found: number;
  exact: number;
  wrongFlag: number;
  wrongKind: number;
  missed: ManifestReference[];
}

export interface Mismatch {
  expected: ManifestReference;
  reported: ReportedReference;
}

export interface AccuracyReport {
  expected: number;
  reported: number;
  found: number;
  /** Found with exactly the manifest's start and end character. */
  exact: number;
  wrongFlag: Mismatch[];
  wrongKind: Mismatch[];
  positionOff: Mismatch[];
  missed: ManifestReference[];
  /** Reported where the manifest has nothing: distractors or invented references. */
  unexpected: ReportedReference[];
  /** Reported on a dynamic name, which is not a reference to any one flag. */
  onDynamic: ReportedReference[];
  /** Reported on an optional use (e.g. a resolved constant): neither rewarded nor punished. */
  onOptional: number;
  recall: number;
  precision: number;
  forms: FormScore[];
}

const lineKey = (span: { path: string; line: number }) => `${span.path}\0${span.line}`;
const overlaps = (a: Span | ReportedReference, b: Span | ReportedReference) => a.character < b.endCharacter && b.character < a.endCharacter;

function groupByLine<T extends { path: string; line: number }>(items: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = lineKey(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

export function compareReferences(manifest: Manifest, reported: ReportedReference[]): AccuracyReport {
  const expectedByLine = groupByLine(manifest.references);
  const dynamicByLine = groupByLine(manifest.dynamic);
  const optionalByLine = groupByLine(manifest.optional);
  const reportedByLine = groupByLine(reported);
  const report: AccuracyReport = {
    expected: manifest.references.length,
    reported: reported.length,
    found: 0,
    exact: 0,
    wrongFlag: [],
    wrongKind: [],
    positionOff: [],
    missed: [],
    unexpected: [],
    onDynamic: [],
    onOptional: 0,
    recall: 0,
    precision: 0,
    forms: [],
  };
  const forms = new Map<string, FormScore>();
  const formOf = (ref: ManifestReference) => {
    let score = forms.get(ref.form);
    if (!score) forms.set(ref.form, (score = { form: ref.form, expected: 0, found: 0, exact: 0, wrongFlag: 0, wrongKind: 0, missed: [] }));
    return score;
  };
  for (const ref of manifest.references) formOf(ref).expected++;

  const keys = new Set([...expectedByLine.keys(), ...reportedByLine.keys()]);
  for (const key of keys) {
    const expected = [...(expectedByLine.get(key) ?? [])];
    const actual = [...(reportedByLine.get(key) ?? [])];
    // Pair the closest matches first, so `foo` and `foo_bar` on one line pair correctly.
    const passes: ((e: ManifestReference, a: ReportedReference) => boolean)[] = [
      (e, a) => e.flag === a.flag && e.character === a.character && e.endCharacter === a.endCharacter,
      (e, a) => e.flag === a.flag && overlaps(e, a),
      (e, a) => overlaps(e, a),
    ];
    passes.forEach((matches, pass) => {
      for (let i = 0; i < expected.length; i++) {
        const j = actual.findIndex((a) => matches(expected[i], a));
        if (j < 0) continue;
        const [e, a] = [expected[i], actual[j]];
        expected.splice(i--, 1);
        actual.splice(j, 1);
        const score = formOf(e);
        if (pass === 2) {
          report.wrongFlag.push({ expected: e, reported: a });
          score.wrongFlag++;
          continue;
        }
        report.found++;
        score.found++;
        if (pass === 0) {
          report.exact++;
          score.exact++;
        } else {
          report.positionOff.push({ expected: e, reported: a });
        }
        if (a.kind !== e.kind) {
          report.wrongKind.push({ expected: e, reported: a });
          score.wrongKind++;
        }
      }
    });
    for (const e of expected) {
      report.missed.push(e);
      formOf(e).missed.push(e);
    }
    for (const a of actual) {
      if ((dynamicByLine.get(key) ?? []).some((d) => overlaps(d, a))) report.onDynamic.push(a);
      else if ((optionalByLine.get(key) ?? []).some((o) => overlaps(o, a))) report.onOptional++;
      else report.unexpected.push(a);
    }
  }
  report.recall = report.expected === 0 ? 1 : report.found / report.expected;
  const scored = report.reported - report.onOptional;
  report.precision = scored === 0 ? 1 : report.found / scored;
  report.forms = [...forms.values()].sort((a, b) => a.form.localeCompare(b.form));
  return report;
}

/** Makes reported paths relative to the tree, whether the CLI gave relative, absolute or file:// paths. */
export function normalizePaths(reported: ReportedReference[], root: string): ReportedReference[] {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return reported.map((r) => {
    let path = r.path.startsWith('file://') ? decodeURIComponent(new URL(r.path).pathname) : r.path;
    if (path.startsWith(prefix)) path = path.slice(prefix.length);
    return { ...r, path };
  });
}
