// `vigie legal` (the legal-basis register from the shell, through the same service and validation as the API) and
// `vigie register` (the record of processing, RGPD art. 30). Bad input names the option and exits 2, storing nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { formatIssues } from '../config/load.js';
import { DomainError } from '../core/errors.js';
import { inForce } from '../core/legal/coverage.js';
import { PROCESSING_FORMATS, type ProcessingFormat, renderProcessing } from '../core/legal/processing-render.js';
import { AUTHORISATION_KINDS, authorisationInputSchema } from '../core/legal/schemas.js';
import type { Services } from '../core/services.js';
import { cliActor, out, withServices } from './admin-commands.js';

/** The option an admin typed for each field of the input (errors name what they can fix). */
const OPTION_OF: Record<string, string> = {
  kind: '--kind',
  authority: '--authority',
  reference: '--reference',
  signedOn: '--signed',
  startsOn: '--start',
  endsOn: '--end',
  purposes: '--purpose',
  purposeText: '--purpose-text',
  cameraIds: '--cameras',
  sectorIds: '--sectors',
  retentionDays: '--retention',
  families: '--families',
  publishDocument: '--publish-document',
};

/** Bad input: said on stderr, exit code 2 (1 stays for failures of the centre itself). */
class InputError extends Error {}

const list = (v?: string) =>
  v
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

interface AddOptions {
  kind: string;
  authority: string;
  reference: string;
  signed: string;
  start: string;
  end: string;
  purpose: string;
  purposeText?: string;
  cameras?: string;
  sectors?: string;
  retention?: string;
  families?: string;
  document?: string;
  publishDocument?: boolean;
}

function parseAdd(o: AddOptions) {
  const raw = {
    kind: o.kind,
    authority: o.authority,
    reference: o.reference,
    signedOn: o.signed,
    startsOn: o.start,
    endsOn: o.end,
    purposes: list(o.purpose),
    ...(o.purposeText !== undefined && { purposeText: o.purposeText }),
    cameraIds: list(o.cameras) ?? [],
    sectorIds: list(o.sectors) ?? [],
    ...(o.retention !== undefined && { retentionDays: Number(o.retention) }),
    ...(o.families !== undefined && { families: list(o.families) }),
    publishDocument: o.publishDocument === true,
  };
  const r = authorisationInputSchema.safeParse(raw);
  if (!r.success)
    throw new InputError(
      formatIssues(r.error)
        .split('\n')
        .map((line) => line.replace(/^(\w+)/, (f) => (OPTION_OF[f] ? `${OPTION_OF[f]} (${f})` : f)))
        .join('\n'),
    );
  return r.data;
}

/** The document is checked before anything is stored: a refused PDF must not leave an authorisation without it. */
function readDocument(file: string, maxBytes: number): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(`--document: cannot read ${file}: ${(e as Error).message}`);
  }
  if (bytes.length > maxBytes) throw new InputError(`--document: ${bytes.length} bytes; at most ${maxBytes}`);
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new InputError(`--document: ${file} is not a PDF (it does not start with %PDF-)`);
  return bytes;
}

/** Runs a command; the register's refusals (4xx) and bad input exit 2 with the message, nothing else said. */
function guarded(program: Command, fn: (s: Services) => Promise<void>) {
  return async () => {
    try {
      await withServices(program, fn)();
    } catch (e) {
      if (e instanceof InputError || (e instanceof DomainError && e.status < 500)) {
        // The register names the perimeter; the admin typed --cameras or --sectors.
        const msg = e.message.replace(/^perimeter:/, '--cameras/--sectors (perimeter):');
        process.stderr.write(`vigie: ${msg}\nnothing stored\n`);
        process.exitCode = 2;
        return;
      }
      throw e;
    }
  };
}

export function registerLegalCommands(program: Command) {
  const legal = program
    .command('legal')
    .description('the legal-basis register: authorisations of cameras and analytics');
  legal
    .command('list')
    .description('every authorisation, with whether it is in force today')
    .action(
      guarded(program, async (s) => {
        const day = s.legal.day();
        out((await s.legal.list(cliActor())).map((a) => ({ ...a, inForce: inForce(a, day) })));
      }),
    );
  legal
    .command('add')
    .description('record an authorisation (journaled); the same checks as the API')
    .addOption(new Option('--kind <kind>', AUTHORISATION_KINDS.join(' | ')).makeOptionMandatory())
    .requiredOption('--authority <text>', 'who issued it, e.g. "Préfet du Nord"')
    .requiredOption('--reference <text>', 'its reference, e.g. the order number')
    .requiredOption('--signed <YYYY-MM-DD>', 'the day it was signed')
    .requiredOption('--start <YYYY-MM-DD>', 'first day in force')
    .requiredOption('--end <YYYY-MM-DD>', 'last day in force (inclusive)')
    .requiredOption('--purpose <list>', 'comma-separated purposes, e.g. public_safety,crime_prevention')
    .option('--purpose-text <text>', 'the purposes in the authorisation’s own words')
    .option('--cameras <ids>', 'comma-separated camera ids it covers')
    .option('--sectors <ids>', 'comma-separated sector ids it covers')
    .option('--retention <days>', 'video_protection: the authorised retention in days')
    .option('--families <list>', 'algorithmic_processing: comma-separated event families it allows')
    .option('--document <file.pdf>', 'the signed document (PDF), kept with its SHA-256')
    .option('--publish-document', 'publish the document on the public register')
    .action(async (o: AddOptions) =>
      guarded(program, async (s) => {
        const input = parseAdd(o);
        const doc = o.document ? readDocument(o.document, s.legal.documentMaxBytes) : undefined;
        let a = await s.legal.create(cliActor(), input);
        if (doc && o.document) a = await s.legal.attachDocument(cliActor(), a.id, doc, basename(o.document));
        out(a);
      })(),
    );
  legal
    .command('revoke <id>')
    .description('revoke an authorisation (journaled): what it covered stops within a minute')
    .requiredOption('--reason <text>', 'why (5 characters or more)')
    .action(async (id: string, o: { reason: string }) =>
      guarded(program, async (s) => {
        if (o.reason.trim().length < 5) throw new InputError('--reason: say why (5 characters or more)');
        out(await s.legal.revoke(cliActor(), id, o.reason.trim()));
      })(),
    );

  program
    .command('register')
    .description('the record of processing (RGPD art. 30) and its DPIA annex, from the live configuration')
    .addOption(new Option('--format <format>', 'output format').choices(PROCESSING_FORMATS).default('md'))
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (o: { format: ProcessingFormat; out?: string }) =>
      withServices(program, async (s) => {
        const text = renderProcessing(await s.processingRecord.build(cliActor(), o.format), o.format);
        if (o.out) writeFileSync(o.out, text);
        else process.stdout.write(text);
      })(),
    );
}
