/**
 * step/ — the locked step: the one path by which a document changes (`runLockedStep`, with its
 * order of operations), the documents it holds and their drafts, views and computed vars, the
 * handler context and what a step does besides writing state (chained events, client actions,
 * cancels, links), and the callers outside a handler (`modifyState`, a session's link, a copy).
 *
 * May import: client/, scopes/, definition/, managers/ and the root's errors, logger and protocol.
 */

export { ComputedVars } from './computedVars.js';
export { loadCurrentDoc, readStateValues } from './currentDoc.js';
export { isGenerator, isPromiseLike } from './handlerResult.js';
export { lockContext, outsideLocks } from './lockContext.js';
export { runLockedStep } from './lockedStep.js';
export { copyStateStep, ENDED_BLOCK, linkSessionStep, modifyStateStep } from './outsideSteps.js';
export { settleComputedStep } from './settleComputedStep.js';
export { createReadonlyView } from './stateView.js';
export type { StepOutcome } from './stepOptions.js';
export type { StepRuntime } from './stepRuntime.js';
