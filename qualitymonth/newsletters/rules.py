"""Newsletters are composed and sent by the secretariat; anyone signed in manages their own
subscriptions; unsubscribing from a newsletter needs only the link in it."""

import rules

from qualitymonth.organizations.rules import is_secretariat

rules.add_perm("newsletters.compose", is_secretariat)
