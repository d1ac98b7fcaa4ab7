import type { EntityName } from '../../core/glossary.ts';
import type { Contract } from './define.ts';
import { fundAllocationContract } from './fund-allocation.ts';
import { fundPaymentContract } from './fund-payment.ts';
import { householdContract } from './household.ts';
import { issueContract } from './issue.ts';
import { villageContract } from './village.ts';
import { supervisionVisitContract } from './supervision-visit.ts';
import { assistanceMeasureContract } from './assistance-measure.ts';

export const contracts: Record<EntityName, Contract> = {
  village: villageContract,
  household: householdContract,
  issue: issueContract,
  fund_allocation: fundAllocationContract,
  fund_payment: fundPaymentContract,
  supervision_visit: supervisionVisitContract,
  assistance_measure: assistanceMeasureContract,
};

export const entityNames = Object.keys(contracts) as EntityName[];

export { columnsOf } from './define.ts';
export type { ColumnSpec, Contract } from './define.ts';
