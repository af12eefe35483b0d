"""Every write on the platform: membership, requests, offers, discussion and reminders."""
