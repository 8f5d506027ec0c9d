import { z } from 'zod';
import { REPORT_SCHEMA_VERSION, ReportSchema, reportSchemaRegistry } from './report-schema.js';

/**
 * The JSON Schema (draft 2020-12) of the JSON report, as committed in docs/report-schema.json.
 * Generated from the zod schema so that the documented contract cannot drift from the code.
 */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://spameval.dev/schemas/report-v${REPORT_SCHEMA_VERSION}.json`,
    title: `spameval report (schema_version ${REPORT_SCHEMA_VERSION})`,
    description:
      'Output of `spameval report <run> --format json`: metrics computed from a golden set and a run. ' +
      'Null values are undefined metrics; the reason sits beside them.',
    ...z.toJSONSchema(ReportSchema, { target: 'draft-2020-12', io: 'output', metadata: reportSchemaRegistry }),
  };
}

/** The file's exact text: two-space indentation and a final newline. */
export function reportJsonSchemaText(): string {
  return `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
}
