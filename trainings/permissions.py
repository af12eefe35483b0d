"""Who may see and change training records. People are personal data: coordinators only.

Staff without the training coordinator role see nothing here (404 on every personal-data page).
"""

import rules

from portal.permissions import is_training_coordinator

rules.add_perm("trainings.manage", is_training_coordinator)
