import type funding from './funding.it';

const en: typeof funding = {
  nav: 'Funding',
  title: 'Funding lines',
  intro:
    'Each request is charged to the first line that covers it. Here you see how many hours each line has, how many are booked and delivered, and when they run out at the current pace.',
  empty: 'No funding line yet.',
  newLine: 'New line',
  edit: 'Edit',
  hours: '{hours} hours',
  period: 'from {from} to {to}',
  allOrganizations: 'every organization',
  awaiting: 'No request waiting | One request awaiting approval | {count} requests awaiting approval',
  policy: {
    warn: 'Over budget: a warning',
    approve: 'Over budget: a coordinator must approve',
  },
  figures: {
    budget: 'Budget',
    booked: 'Booked',
    delivered: 'Delivered',
    remaining: 'Left',
  },
  projection: {
    end: 'At the current pace the hours run out in {month}.',
    over: 'This line’s hours are used up.',
    lasts: 'At the current pace the hours last the whole period.',
    none: 'No hours used so far.',
  },
  chart: {
    title: 'Hours left, month by month: {name}',
    description:
      'The solid line shows the hours left at the end of each month; the dashed one the projection at the average pace of the months gone by.',
    remaining: 'Hours left',
    projected: 'Projection at the current pace',
    month: 'Month',
    axis: 'Hours',
  },
  form: {
    createTitle: 'New funding line',
    editTitle: 'Edit “{name}”',
    name: 'Name of the line',
    funder: 'Funder',
    code: 'Project code (optional)',
    from: 'From',
    to: 'To (included)',
    budgetHours: 'Budget in hours',
    districts: 'Districts covered (none selected: all)',
    services: 'Services covered (none selected: all)',
    organizations: 'Organizations covered (none selected: all)',
    overBudget: 'When a request goes over the budget',
    submit: 'Save the line',
    saving: 'Saving…',
    cancel: 'Cancel',
    saved: 'Line “{name}” saved.',
  },
  approval: {
    title: 'Awaiting approval',
    description:
      'Requests that go beyond the hours left on their funding line: approve them to start the search, or reject them.',
    empty: 'No request to approve.',
    approve: 'Approve',
    reject: 'Reject',
    approveLabel: 'Approve the request of {organization} on {date}',
    rejectLabel: 'Reject the request of {organization} on {date}',
    line: 'Line: {name}',
    noLine: 'No line',
    approved: 'Request approved: the search for a mediator has started.',
    rejected: 'Request rejected: it was cancelled.',
    rejectReason: 'No hours left on the funding line',
  },
  budget: {
    heading: 'Your organization’s hours',
    left: 'You have {left} hours left out of {budget} for {name}',
    over: 'The hours of {name} are used up ({over} hours beyond the {budget} planned)',
  },
  warning: {
    approve:
      'This request goes beyond the hours left on “{name}” ({left} left): a coordinator must approve it before a mediator is sought.',
    warn: 'This request goes beyond the hours left on “{name}” ({left} left): you can send it, the coordinators will be told.',
  },
  waiting:
    'Awaiting approval: the request goes beyond the hours left on the line “{name}”. The coordinators will decide whether to start the search.',
  report: {
    title: 'Report for the funder',
    description:
      'Hours budgeted, booked, delivered and left, requests and beneficiaries of each line, month by month: a summary sheet and one per line. No names, no case references.',
    from: 'From',
    to: 'To (excluded)',
    xlsx: 'Download the Excel file (XLSX)',
    csv: 'Download the CSV',
    downloaded: 'Downloaded: {name}',
  },
  charge: {
    heading: 'Funding',
    overBudget: 'beyond the line’s budget',
    moveLabel: 'Charge to',
    move: 'Move the charge',
    moved: 'Charge moved.',
  },
  timeline: {
    charged: 'Hours charged to the line “{name}”',
    chargedOver: 'Hours charged to the line “{name}”, beyond its budget',
    awaitingApproval: 'Awaiting approval: beyond the hours left on the line “{name}”',
    approved: 'Approved by the coordinators: the search starts',
    rejected: 'Rejected by the coordinators',
    chargeMoved: 'Hours moved to the line “{name}”',
    chargeRemoved: 'Hours no longer charged to a funding line',
  },
};

export default en;
