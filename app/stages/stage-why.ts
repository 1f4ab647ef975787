// Why each stage follows the one it follows: the causal link of the cascade, in words, for the stage
// cards. `follows` is the stage each one hangs from in the declared cascade (the `from` of its link in
// parsers/cascade.ts, which app/ may not import; test/unit/view-stage-why.test.ts keeps the two in
// step). The cards are in STAGES order, so the stage followed is not always the card just before.
import type { StageId } from '../../parsers/stages.ts';

export type StageWhy = { follows: null; because: string } | { follows: StageId; because: string };

export const STAGE_WHY: Readonly<Record<StageId, StageWhy>> = {
  'connection-reset': {
    follows: null,
    because:
      'nothing in the cascade comes before it: a network blip, a switch or bond failover, or an MDS ' +
      'restart cuts the client off, and every later stage is a consequence of that gap.',
  },
  'mon-session-lost': {
    follows: 'connection-reset',
    because:
      'the same network fault breaks the monitor connection too, so within seconds of the MDS socket ' +
      'closing the client starts hunting for a monitor.',
  },
  'reconnect-denied': {
    follows: 'connection-reset',
    because:
      'while the client was cut off it sent no session renewals; after session_autoclose (300 s by ' +
      'default) the MDS evicted it, so when the network came back its reconnect was refused.',
  },
  'mds-hung': {
    follows: 'connection-reset',
    because:
      'no renewal has been acknowledged since the connection dropped; once session_autoclose passes ' +
      'the client itself declares the MDS session hung.',
  },
  'caps-stale': {
    follows: 'reconnect-denied',
    because:
      'capabilities live only as long as the session: once it is evicted (or renewals stop) the ' +
      'client must give up its caps, and any dirty data they covered is dropped.',
  },
  'quota-realm-loop': {
    follows: 'reconnect-denied',
    because:
      'after the eviction the quota realm inode has no caps; the next stat under it on a pre-5.3 ' +
      'kernel enters get_quota_realm() and never leaves.',
  },
  'kubelet-mount-failure': {
    follows: 'reconnect-denied',
    because:
      'the evicted mount answers every request with an error and is never remounted, so kubelet fails ' +
      'to stat, clean up or set up the volume of every pod that uses it.',
  },
};
