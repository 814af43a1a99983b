export * from './types';
export { wasGood, findLastGoodDeployment, latestStatus, type GoodDeployment } from './history';
export { LocalRecords } from './local-records';
export { openRecords, openActionRecords, DEFAULT_RECORDS_FILE, type OpenRecordsOptions } from './open-records';
export { closeIfOpen } from './close-open-deployment';
export { UnknownRefError, refsFromInput } from './unknown-ref';
export { newRequestMarker, findRequestedDeployment, type DeploymentRequest } from './request-marker';
export { BASE_SEARCH_PAGES, COMPARE_COMMIT_LIMIT, HISTORY_PAGE_SIZE, isGoodChangeRecord, type CommitComparison, type RecordedDeployment } from './delivery-history';
