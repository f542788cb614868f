"""Views of campaigns: public pages, the plan (secretariat), reports (units), exports."""
