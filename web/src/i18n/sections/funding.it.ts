/** Italian messages of funding lines and hour budgets (issue 17); funding.en.ts mirrors them key for key. */
export default {
  nav: 'Finanziamenti',
  title: 'Linee di finanziamento',
  intro:
    'Ogni richiesta è addebitata alla prima linea che la copre. Qui vedi quante ore ha ogni linea, quante sono prenotate ed erogate e quando finiranno al ritmo attuale.',
  empty: 'Nessuna linea di finanziamento per ora.',
  newLine: 'Nuova linea',
  edit: 'Modifica',
  hours: '{hours} ore',
  period: 'dal {from} al {to}',
  allOrganizations: 'tutte le organizzazioni',
  awaiting:
    'Nessuna richiesta in attesa | Una richiesta in attesa di approvazione | {count} richieste in attesa di approvazione',
  policy: {
    warn: 'Oltre il budget: avviso',
    approve: 'Oltre il budget: serve l’approvazione del coordinamento',
  },
  figures: {
    budget: 'Budget',
    booked: 'Prenotate',
    delivered: 'Erogate',
    remaining: 'Rimanenti',
  },
  projection: {
    end: 'Al ritmo attuale le ore finiscono a {month}.',
    over: 'Le ore di questa linea sono finite.',
    lasts: 'Al ritmo attuale le ore bastano fino alla fine del periodo.',
    none: 'Nessuna ora usata finora.',
  },
  chart: {
    title: 'Ore rimaste, mese per mese: {name}',
    description:
      'La linea continua mostra le ore rimaste alla fine di ogni mese; quella tratteggiata la proiezione al ritmo medio dei mesi trascorsi.',
    remaining: 'Ore rimaste',
    projected: 'Proiezione al ritmo attuale',
    month: 'Mese',
    axis: 'Ore',
  },
  form: {
    createTitle: 'Nuova linea di finanziamento',
    editTitle: 'Modifica «{name}»',
    name: 'Nome della linea',
    funder: 'Finanziatore',
    code: 'Codice del progetto (facoltativo)',
    from: 'Dal giorno',
    to: 'Al giorno (compreso)',
    budgetHours: 'Budget in ore',
    districts: 'Ambiti coperti (nessuno selezionato: tutti)',
    services: 'Servizi coperti (nessuno selezionato: tutti)',
    organizations: 'Organizzazioni coperte (nessuna selezionata: tutte)',
    overBudget: 'Quando una richiesta supera il budget',
    submit: 'Salva la linea',
    saving: 'Salvataggio…',
    cancel: 'Annulla',
    saved: 'Linea «{name}» salvata.',
  },
  approval: {
    title: 'In attesa di approvazione',
    description:
      'Richieste che superano le ore rimaste sulla loro linea di finanziamento: approvale per avviare la ricerca, o rifiutale.',
    empty: 'Nessuna richiesta da approvare.',
    approve: 'Approva',
    reject: 'Rifiuta',
    approveLabel: 'Approva la richiesta di {organization} del {date}',
    rejectLabel: 'Rifiuta la richiesta di {organization} del {date}',
    line: 'Linea: {name}',
    noLine: 'Nessuna linea',
    approved: 'Richiesta approvata: la ricerca di una mediatrice o un mediatore è partita.',
    rejected: 'Richiesta rifiutata: è stata annullata.',
    rejectReason: 'Ore esaurite sulla linea di finanziamento',
  },
  budget: {
    heading: 'Le ore della vostra organizzazione',
    left: 'Vi restano {left} ore su {budget} per {name}',
    over: 'Le ore di {name} sono finite ({over} ore oltre le {budget} previste)',
  },
  warning: {
    approve:
      'Questa richiesta supera le ore rimaste su «{name}» (ne restano {left}): prima di cercare una mediatrice o un mediatore dovrà essere approvata dal coordinamento.',
    warn: 'Questa richiesta supera le ore rimaste su «{name}» (ne restano {left}): potete inviarla, il coordinamento ne sarà informato.',
  },
  waiting:
    'In attesa di approvazione: la richiesta supera le ore rimaste sulla linea «{name}». Il coordinamento deciderà se avviare la ricerca.',
  timeline: {
    charged: 'Ore addebitate alla linea «{name}»',
    chargedOver: 'Ore addebitate alla linea «{name}», oltre il budget',
    awaitingApproval: 'In attesa di approvazione: supera le ore rimaste sulla linea «{name}»',
    approved: 'Approvata dal coordinamento: la ricerca parte',
    rejected: 'Rifiutata dal coordinamento',
    chargeMoved: 'Ore spostate sulla linea «{name}»',
    chargeRemoved: 'Ore non più addebitate a una linea di finanziamento',
  },
};
