from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "qualitymonth.training"
    verbose_name = _("Training")

    def ready(self):
        from qualitymonth.core import certificates
        from qualitymonth.training.models import (
            ClassCertificate,
            ContestCertificate,
            CourseCertificate,
            Qualification,
        )

        for model in (CourseCertificate, ClassCertificate, Qualification, ContestCertificate):
            certificates.register(model)
