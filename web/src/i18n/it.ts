/**
 * Italian, the default language and the source of the message shape: en.ts must match it key for key.
 * vue-i18n syntax: `{name}` is a placeholder, a literal @ is written {'@'} and | separates plural forms.
 */
import common from './sections/common.it';
import coordinator from './sections/coordinator.it';
import reports from './sections/reports.it';
import mediator from './sections/mediator.it';
import requester from './sections/requester.it';
import pwa from './sections/pwa.it';
import funding from './sections/funding.it';

const it = {
  app: {
    name: 'Ponte',
    tagline: 'Mediazione linguistico-culturale su chiamata',
    service: 'Servizio per scuole e servizi sociali in Lombardia',
    homeLink: 'Ponte, pagina iniziale',
    skipToContent: 'Vai al contenuto principale',
    signedInAs: 'Accesso effettuato come {name}',
    signOut: 'Esci',
    footer: 'Ponte · mediazione linguistico-culturale per scuole e servizi sociali',
    apiDocs: 'Documentazione delle API',
    loading: 'Caricamento…',
    pageTitle: '{page} · Ponte',
  },
  language: {
    label: 'Lingua',
    it: 'Italiano',
    en: 'English',
  },
  validation: {
    required: 'Campo obbligatorio',
    email: "Inserisci un indirizzo email valido, per esempio nome{'@'}scuola.it",
    minLength: 'Inserisci almeno {min} caratteri',
    maxLength: 'Inserisci al massimo {max} caratteri',
    invalid: 'Valore non valido',
  },
  errors: {
    unreachable:
      'Il servizio non è raggiungibile in questo momento. Quello che hai scritto è ancora qui: riprova tra poco.',
    unexpected: 'Si è verificato un errore imprevisto. Riprova tra poco.',
    checkFields: 'Controlla i campi segnalati.',
  },
  signIn: {
    title: 'Accedi a Ponte',
    intro: 'Entra con l’email e la password del tuo account.',
    email: 'Email',
    password: 'Password',
    showPassword: 'Mostra la password',
    submit: 'Accedi',
    submitting: 'Accesso in corso…',
    badCredentials: 'Email o password errati',
    tooManyAttempts: 'Troppi tentativi, riprova tra qualche minuto',
    noAccount: 'Non hai un account? Lo crea il coordinamento del servizio: riceverai un invito via email.',
  },
  invite: {
    title: 'Attiva il tuo account',
    intro: 'Scegli la password con cui accederai a Ponte.',
    password: 'Nuova password',
    passwordHint: 'Almeno 10 caratteri. Una frase lunga è più sicura e più facile da ricordare.',
    confirm: 'Ripeti la password',
    passwordsDiffer: 'Le due password non coincidono',
    submit: 'Attiva e accedi',
    submitting: 'Attivazione in corso…',
    missingToken: 'Il link di invito è incompleto. Apri di nuovo il link che hai ricevuto via email.',
    invalidToken:
      'Il link di invito non è più valido (è scaduto o è già stato usato). Chiedi un nuovo invito al coordinamento.',
    goToSignIn: 'Vai alla pagina di accesso',
  },
  home: {
    title: 'Ti diamo il benvenuto, {name}',
    pageTitle: 'Pagina iniziale',
    intro: 'Questi sono i dati del tuo account Ponte.',
    whoYouAre: 'Chi sei',
    name: 'Nome',
    email: 'Email',
    role: 'Ruolo',
    organization: 'Organizzazione',
    mediator: 'Scheda mediatore (codice)',
    language: 'Lingua',
    nextHeading: 'Cosa viene dopo',
    next: {
      requester:
        'Da qui potrai chiedere una mediatrice o un mediatore per un colloquio, un’accoglienza o una visita, e seguire la richiesta finché qualcuno la accetta.',
      mediator:
        'Da qui riceverai le proposte di incarico nelle tue lingue e zone, potrai accettarle dal telefono e indicare quando sei disponibile.',
      coordinator:
        'Da qui gestirai organizzazioni, mediatori e account, seguirai le richieste senza copertura e leggerai i report del servizio.',
    },
  },
  roles: {
    requester: 'Richiedente (scuola o servizio sociale)',
    mediator: 'Mediatrice o mediatore',
    coordinator: 'Coordinamento del servizio',
  },
  forbidden: {
    title: 'Accesso non consentito',
    body: 'Il tuo ruolo non permette di aprire questa pagina.',
    home: 'Torna alla pagina iniziale',
  },
  common,
  requester,
  mediator,
  coordinator,
  reports,
  pwa,
  funding,
  notFound: {
    title: 'Pagina non trovata',
    body: 'L’indirizzo non corrisponde a nessuna pagina di Ponte. Controlla il link o torna alla pagina iniziale.',
    home: 'Torna alla pagina iniziale',
  },
};

export type MessageSchema = typeof it;
export default it;
