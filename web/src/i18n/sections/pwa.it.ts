/** The installable app: notifications on the phone, offline copies, updates. */
const pwa = {
  title: 'Il mio account',
  push: {
    title: 'Notifiche sul telefono',
    label: 'Notifiche sul telefono',
    hint: 'Nuove richieste, incarichi annullati e promemoria arrivano su questo dispositivo anche a Ponte chiuso.',
    on: 'Attive su questo dispositivo.',
    off: 'Non attive su questo dispositivo.',
    blocked:
      'Bloccate dal browser. Per riceverle, consenti le notifiche a Ponte nelle impostazioni del browser, poi torna qui.',
    unsupported:
      'Questo browser non può ricevere notifiche. Sul telefono, apri Ponte dal browser e aggiungilo alla schermata Home.',
    busy: 'Un momento…',
    failed: 'Non è stato possibile cambiare le notifiche. Controlla la connessione e riprova.',
    denied: 'Il browser non ha dato il permesso: le notifiche restano spente.',
  },
  offline: {
    banner: 'Sei offline: questo elenco è aggiornato alle {time}.',
    bannerNoCopy: 'Sei offline.',
    actionsNeedNetwork: 'Accettare, rifiutare e aggiornare richiedono la connessione.',
  },
  update: {
    available: 'È disponibile una nuova versione di Ponte.',
    reload: 'Aggiorna ora',
  },
  account: {
    title: 'Il mio account',
    intro: 'Le impostazioni di questo dispositivo.',
    link: 'Account',
  },
};

export default pwa;
