/** The statistics on their own: pure functions, checked against scikit-learn, scipy and statsmodels (docs/metrics.md). */
export * from './agreement.js';
export * from './bootstrap.js';
export * from './calibration.js';
export * from './classification-report.js';
export * from './classification.js';
export * from './confident-learning.js';
export * from './confusion.js';
export * from './cost.js';
export * from './curves.js';
export * from './estimate.js';
export * from './intervals.js';
export * from './mcnemar.js';
export * from './operating-points.js';
export * from './paired-bootstrap.js';
export * from './precision-recall-fscore-support.js';
export * from './prevalence.js';
export * from './triage.js';
