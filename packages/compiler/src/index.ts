export { compileFlow, DEFAULT_SETTINGS } from './compile.ts';
export type { CompileOptions } from './compile.ts';
export type { CompileProblem, CompileResult, ConfigResolution, ExecutionPlan, LoopBody, PlanNode } from './plan.ts';
export { chooseTrigger, triggerKey } from './plan.ts';
