export { splitBucket, isCanary, BUCKETS } from './split';
