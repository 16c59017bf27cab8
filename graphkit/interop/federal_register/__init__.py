"""Federal Register notices as seed records: Privacy Act system of records notices
(each routine use a declared agreement) and computer matching notices.

Read: the full-text XML (:mod:`.xmlread`), the HTML and text renderings
(:mod:`.textread`), the API's JSON metadata (:mod:`.metadata`); the routine uses
(:mod:`.uses`), dates (:mod:`.effective`), systems (:mod:`.systems`), matching programs
(:mod:`.matching`) and the plan (:mod:`.build`). See docs/federal-register.md.
"""

from graphkit.interop.federal_register.build import plan_federal_register

__all__ = ["plan_federal_register"]
