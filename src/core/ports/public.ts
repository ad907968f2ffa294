import type { CameraPublication, Contract } from '../public/schemas.js';

/** Per-camera publication choices (camera_publication); cameras without a row are published. */
export interface PublicationRepo {
  list(): Promise<CameraPublication[]>;
  get(cameraId: string): Promise<CameraPublication | undefined>;
  put(p: CameraPublication): Promise<void>;
}

/** The system's contracts (contracts). */
export interface ContractRepo {
  list(): Promise<Contract[]>;
  get(id: string): Promise<Contract | undefined>;
  insert(c: Contract): Promise<void>;
  update(c: Contract): Promise<void>;
  delete(id: string): Promise<boolean>;
}

/** One period's raw figures for the public statistics, each aggregated by the database (never rows loaded). */
export interface PeriodFigures {
  /** Alarms raised in the period, per kind. */
  alarmsByKind: Map<string, number>;
  /** Of the alarms raised in the period, how many were closed with each disposition. */
  dispositions: { confirmed: number; false_alarm: number; not_actionable: number };
  /** Exports made (journal entries `export.create`). */
  exports: number;
  /** Evidence holds created. */
  holds: number;
  /** Milliseconds cameras spent offline: camera_offline alarms from raised to situation end, clipped to the period. */
  offlineMs: number;
}

export interface PublicStatsQueries {
  /** Figures for [fromMs, toMs); an alarm whose offline situation has not ended counts as offline until `toMs`. */
  period(fromMs: number, toMs: number): Promise<PeriodFigures>;
  /**
   * Access requests over local days [fromDay, toDay): received (by the day received), and answered (fully or in
   * part) or refused (by the day of the answer or refusal).
   */
  accessRequests(fromDay: string, toDay: string): Promise<AccessRequestFigures>;
}

export interface AccessRequestFigures {
  received: number;
  answered: number;
  refused: number;
}
