/** Word lists of the DCR policy that the CLI's option table needs, kept apart from the zod model so that it loads without it. */

/** The OpenID Connect scopes that ask for identity claims; the Claude web backend requests all five. */
export const OPENID_SCOPES = ['openid', 'profile', 'email', 'address', 'phone'] as const;
export const OPENID_SCOPE_CHOICES = ['drop', 'allow'] as const;
