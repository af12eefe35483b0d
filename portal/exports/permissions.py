"""Who may run which report."""

import rules

from portal.permissions import is_admin

# Staff (Django's is_staff flag on an active account) and administrators.
is_staff = (rules.is_active & rules.is_staff) | is_admin

can_export_organisations = is_staff
