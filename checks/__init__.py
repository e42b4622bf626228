"""The quality gate: checks a built site the way a careful visitor and an auditor would (`invoke check`)."""
