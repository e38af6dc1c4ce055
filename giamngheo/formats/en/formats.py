# The ward works in dd/mm/yyyy and 1.234.567 whatever the interface language.
from giamngheo.formats.vi.formats import *  # noqa: F403
