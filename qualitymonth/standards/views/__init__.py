"""Group-standards views, by who uses them: public, drafting (the working group), secretariat."""
