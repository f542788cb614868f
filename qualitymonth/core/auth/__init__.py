"""Signing in: throttling and lockouts, password reset and change, the second factor (TOTP)."""
