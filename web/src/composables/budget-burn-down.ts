/**
 * A funding line's burn-down, month by month: what is left at the end of each month of its period so
 * far, and when the budget runs out at the pace of the months gone by. Months are `YYYY-MM` (Europe/Rome).
 */
export interface BurnDownInput {
  budgetMinutes: number;
  from: string;
  to: string;
  byMonth: readonly { month: string; deliveredMinutes: number; bookedMinutes: number }[];
}

export interface BurnDown {
  /** Every month of the period, first to last. */
  months: string[];
  /** Minutes left after each month up to the current one (null after it). */
  remaining: (number | null)[];
  /** From the current month on: the projection at the current pace (null before). */
  projected: (number | null)[];
  /** Minutes used a month, on average, from the first month to the current one. */
  pacePerMonth: number;
  /** The month the budget runs out at that pace; null when it lasts the whole period (or nothing was used). */
  projectedEnd: string | null;
}

const monthIndex = (month: string) => {
  const [year = 0, number = 1] = month.split('-').map(Number);
  return year * 12 + (number - 1);
};
const monthOf = (index: number) =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

export function burnDown(line: BurnDownInput, currentMonth: string): BurnDown {
  const first = monthIndex(line.from.slice(0, 7));
  const last = monthIndex(line.to.slice(0, 7));
  const months = Array.from({ length: Math.max(last - first + 1, 1) }, (_, offset) => monthOf(first + offset));
  const used = new Map(line.byMonth.map((entry) => [entry.month, entry.deliveredMinutes + entry.bookedMinutes]));
  const current = Math.min(Math.max(monthIndex(currentMonth), first), last);
  const elapsedMonths = current - first + 1;

  let left = line.budgetMinutes;
  let usedSoFar = 0;
  const remaining = months.map((month) => {
    if (monthIndex(month) > current) return null;
    left -= used.get(month) ?? 0;
    usedSoFar += used.get(month) ?? 0;
    return left;
  });
  // Booked hours of later months are already committed: they count against what is left now.
  for (const month of months) if (monthIndex(month) > current) left -= used.get(month) ?? 0;
  const pacePerMonth = usedSoFar / elapsedMonths;
  const projected = months.map((month) => {
    const ahead = monthIndex(month) - current;
    if (ahead < 0) return null;
    return ahead === 0 ? (remaining[current - first] ?? left) : Math.max(left - pacePerMonth * ahead, 0);
  });
  let projectedEnd: string | null = null;
  if (left <= 0) projectedEnd = monthOf(current);
  else if (pacePerMonth > 0) {
    const endIndex = current + Math.ceil(left / pacePerMonth);
    projectedEnd = endIndex <= last ? monthOf(endIndex) : null;
  }
  return { months, remaining, projected, pacePerMonth, projectedEnd };
}
