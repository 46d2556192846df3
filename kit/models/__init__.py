"""Typed parameters models shared by several playbooks: deals (with their plan) and accounts.

A kind used by one playbook only (a production line, a readiness file, an optimisation plan)
lives in that playbook's folder. Which model validates which ``kind:`` is the registry's
business (:func:`kit.registry.kinds`), so a team's own kind is no different from these.
"""
