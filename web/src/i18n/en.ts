import type { MessageSchema } from './it';
import common from './sections/common.en';
import coordinator from './sections/coordinator.en';
import reports from './sections/reports.en';
import mediator from './sections/mediator.en';
import requester from './sections/requester.en';
import pwa from './sections/pwa.en';
import funding from './sections/funding.en';

const en: MessageSchema = {
  app: {
    name: 'Ponte',
    tagline: 'On-call linguistic and cultural mediation',
    service: 'A service for schools and social services in Lombardy',
    homeLink: 'Ponte, home page',
    skipToContent: 'Skip to main content',
    signedInAs: 'Signed in as {name}',
    signOut: 'Sign out',
    footer: 'Ponte · linguistic and cultural mediation for schools and social services',
    apiDocs: 'API documentation',
    loading: 'Loading…',
    pageTitle: '{page} · Ponte',
  },
  language: {
    label: 'Language',
    it: 'Italiano',
    en: 'English',
  },
  validation: {
    required: 'This field is required',
    email: "Enter a valid email address, for example name{'@'}school.it",
    minLength: 'Enter at least {min} characters',
    maxLength: 'Enter at most {max} characters',
    invalid: 'This value is not valid',
  },
  errors: {
    unreachable: 'The service cannot be reached right now. What you typed is still here: try again shortly.',
    unexpected: 'Something went wrong. Try again shortly.',
    checkFields: 'Check the highlighted fields.',
  },
  signIn: {
    title: 'Sign in to Ponte',
    intro: 'Use the email and password of your account.',
    email: 'Email',
    password: 'Password',
    showPassword: 'Show password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    badCredentials: 'Wrong email or password',
    tooManyAttempts: 'Too many attempts, try again in a few minutes',
    noAccount: 'No account yet? The service coordinators create it and you receive an invitation by email.',
  },
  invite: {
    title: 'Activate your account',
    intro: 'Choose the password you will sign in to Ponte with.',
    password: 'New password',
    passwordHint: 'At least 10 characters. A long phrase is safer and easier to remember.',
    confirm: 'Repeat the password',
    passwordsDiffer: 'The two passwords do not match',
    submit: 'Activate and sign in',
    submitting: 'Activating…',
    missingToken: 'The invitation link is incomplete. Open the link from your email again.',
    invalidToken:
      'The invitation link is no longer valid (it expired or was already used). Ask the coordinators for a new invitation.',
    goToSignIn: 'Go to the sign-in page',
  },
  home: {
    title: 'Welcome, {name}',
    pageTitle: 'Home',
    intro: 'These are the details of your Ponte account.',
    whoYouAre: 'Who you are',
    name: 'Name',
    email: 'Email',
    role: 'Role',
    organization: 'Organization',
    mediator: 'Mediator profile (id)',
    language: 'Language',
    nextHeading: 'What comes next',
    next: {
      requester:
        'Here you will request a mediator for a meeting, a welcome interview or a home visit, and follow the request until someone takes it.',
      mediator:
        'Here you will receive assignment offers in your languages and areas, accept them from your phone and say when you are available.',
      coordinator:
        'Here you will manage organizations, mediators and accounts, follow unfilled requests and read the service reports.',
    },
  },
  roles: {
    requester: 'Requester (school or social service)',
    mediator: 'Mediator',
    coordinator: 'Service coordination',
  },
  forbidden: {
    title: 'Not allowed',
    body: 'Your role does not allow you to open this page.',
    home: 'Back to the home page',
  },
  common,
  requester,
  mediator,
  coordinator,
  reports,
  pwa,
  funding,
  notFound: {
    title: 'Page not found',
    body: 'This address matches no page of Ponte. Check the link or go back to the home page.',
    home: 'Back to the home page',
  },
};

export default en;
