// A write through the language server as an editor makes it: PlanWriteRequest, then
// ExecuteWriteRequest naming the plan, with the user's answers.

import { ExecuteWriteRequest, PlanWriteRequest, type WriteIntent, type WritePlan, type WriteResult } from '../../shared/protocol';

type Request = <T>(method: string, params: unknown) => Promise<T>;

export interface Answers {
  confirmedProduction: boolean;
  ignoreConsistencyCheck: boolean;
  ignoreProductionCheck?: boolean;
}

export async function planAndExecute(request: Request, intent: WriteIntent, answers: Answers): Promise<WriteResult[]> {
  const plan = await request<WritePlan>(PlanWriteRequest.method, intent);
  return request<WriteResult[]>(ExecuteWriteRequest.method, { planId: plan.id, ...answers });
}
