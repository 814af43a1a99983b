export { measureDelivery, summariseDelivery, type DeliveryMetrics, type DeliveryQuery } from './delivery-metrics';
export { classifyDeployments, type ClassifiedDeployment, type Outcome, type Kind } from './classify';
export { leadTimes, LEAD_TIME_LIMITS, type LeadTimes, type LeadTimeLimits } from './lead-time';
export { deploymentFrequencyBand, leadTimeBand, changeFailureRateBand, recoveryTimeBand, BAND_SOURCE, type Band } from './bands';
export { deliveryOutputs, deliveryBands, figure } from './figures';
export { deliverySummary, leadTimeGaps, weeklyCharts } from './delivery-summary';
export { parseWindow, windowInput } from './delivery-window';
export { nearestRank } from './nearest-rank';
