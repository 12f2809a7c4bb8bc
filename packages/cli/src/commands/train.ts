import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { AudiioError, DEFAULT_TRAIN_OPTIONS, openLibrary, trainLibraryCollab, trainLibraryModel, type TrainProgress } from '@audiio-ml/ml-core';
import { dbPathOf, showProgress } from '../options.js';

interface TrainCliOptions {
  artists?: boolean;
  albums?: boolean;
  loss: string;
  epochs: string;
  seed: string;
  out?: string;
  batch: string;
  collab: boolean;
  json?: boolean;
}

function positiveInt(name: string, raw: string, min = 1): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new AudiioError('BAD_ARGUMENT', `--${name} must be an integer ≥ ${min}, got "${raw}"`);
  return v;
}

/** A progress bar for training (epoch, step, loss, validation NDCG@20), or nothing when not drawing. */
function trainBar(): { update: (p: TrainProgress) => void; stop: () => void } {
  if (!showProgress()) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: 'epoch {epoch}/{maxEpochs} [{bar}] {value}/{total} steps | loss {loss} | val NDCG@20 {val} (best {best})',
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let epoch = 0;
  let val = '–';
  return {
    update(p) {
      const payload = { epoch: p.epoch, maxEpochs: p.maxEpochs, loss: p.loss.toFixed(3), val, best: p.bestValNdcg?.toFixed(4) ?? '–' };
      if (p.valNdcg !== undefined) payload.val = val = p.valNdcg.toFixed(4);
      if (p.epoch !== epoch) {
        if (epoch === 0) bar.start(p.stepsPerEpoch, 0, payload);
        else bar.setTotal(p.stepsPerEpoch);
        epoch = p.epoch;
      }
      if (p.step % 10 === 0 || p.step === p.stepsPerEpoch) bar.update(p.step, payload);
    },
    stop: () => epoch > 0 && bar.stop(),
  };
}

/**
 * `audiio-ml train`: trains the embedding model on the library's evidence (imported interactions and
 * listening history), saves it, embeds the library, and trains the collaborative model into the
 * same directory.
 */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      "train the embedding model on the library's listening history and imported interactions, save it beside the database, embed the library, and train the collaborative model beside it",
    )
    .option('--artists', 'learn artist embeddings (unknown artists fall back to audio)')
    .option('--albums', 'learn album embeddings (unknown albums fall back to audio)')
    .option('--loss <loss>', 'contrastive loss: infonce (in-batch negatives) or margin (random negatives)', DEFAULT_TRAIN_OPTIONS.loss)
    .option('--epochs <n>', 'maximum epochs (early stopping on validation NDCG@20)', String(DEFAULT_TRAIN_OPTIONS.epochs))
    .option('--seed <n>', 'random seed (training is reproducible for a seed)', '42')
    .option('--batch <n>', 'tracks per forward pass when embedding the library', '4096')
    .option('--out <dir>', 'model directory (default: <db dir>/models/<version>)')
    .option('--no-collab', 'skip the collaborative model')
    .option('--json', 'print one JSON object')
    .action(async (opts: TrainCliOptions, cmd: Command) => {
      if (opts.loss !== 'infonce' && opts.loss !== 'margin') {
        throw new AudiioError('BAD_ARGUMENT', `--loss must be infonce or margin, got "${opts.loss}"`);
      }
      const epochs = positiveInt('epochs', opts.epochs);
      const seed = positiveInt('seed', opts.seed, 0);
      const batchSize = positiveInt('batch', opts.batch);
      const dbPath = dbPathOf(cmd);
      const db = openLibrary(dbPath);
      try {
        const bar = trainBar();
        let r;
        try {
          r = await trainLibraryModel(db, dbPath, {
            artists: Boolean(opts.artists),
            albums: Boolean(opts.albums),
            loss: opts.loss,
            epochs,
            seed,
            out: opts.out,
            batchSize,
            onProgress: (p) => bar.update(p),
          });
        } finally {
          bar.stop();
        }
        const { model, dir, users, tracks, interactions, embedded, skipped, embedSeconds } = r;
        const collab = opts.collab ? trainLibraryCollab(db, dbPath, { dir }) : null;
        const summary = {
          version: model.version,
          dir,
          users,
          tracks,
          interactions,
          ...model.meta.training,
          embedded,
          skipped,
          embedSeconds: Number(embedSeconds.toFixed(2)),
          collabMethod: collab?.model.method ?? null,
          collabPairs: collab?.pairs ?? null,
          collabSeconds: collab ? Number(collab.seconds.toFixed(2)) : null,
        };
        model.dispose();
        if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
        else for (const [k, v] of Object.entries(summary)) process.stdout.write(`${k.padEnd(20)} ${v}\n`);
      } finally {
        db.close();
      }
    });
}
