/** Hard legal cap on keeping recordings (CSI L252-5): no configuration may exceed it. */
export const LEGAL_RETENTION_CAP_DAYS = 30;
