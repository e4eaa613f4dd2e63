"""Users sign in by email: there is no username anywhere in Carrefour."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager):
    """`UserManager` keyed on the email address instead of a username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser needs is_staff and is_superuser.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("adresse courriel"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ("email",)

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class RoleKind(models.TextChoices):
    EMPLOYEE = "employee", _("employé·e municipal·e")
    ELECTED = "elected", _("élu·e")
    PARTNER = "partner", _("partenaire")


class ApprovalStatus(models.TextChoices):
    APPROVED = "approved", _("approuvé")
    PENDING = "pending", _("en attente d'approbation")
    REFUSED = "refused", _("refusé")


class NotificationFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("immédiatement")
    DAILY = "daily", _("résumé quotidien")
    NEVER = "never", _("jamais")


class Profile(models.Model):
    """What Carrefour knows about a member beyond their sign-in."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="profile", verbose_name=_("compte")
    )
    display_name = models.CharField(_("nom affiché"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        "taxonomy.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("municipalité"),
    )
    role_kind = models.CharField(
        _("rôle"), max_length=20, choices=RoleKind.choices, default=RoleKind.EMPLOYEE
    )
    bio = models.TextField(_("présentation"), max_length=1000, blank=True)
    notification_frequency = models.CharField(
        _("courriels de notification"),
        max_length=10,
        choices=NotificationFrequency.choices,
        default=NotificationFrequency.IMMEDIATE,
    )
    approval_status = models.CharField(
        _("approbation"),
        max_length=10,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.PENDING,
        db_index=True,
    )
    approval_decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décision prise par"),
    )
    approval_decided_at = models.DateTimeField(
        _("décision prise le"), null=True, blank=True
    )
    approval_note = models.TextField(_("motif de la décision"), blank=True)
    suspended_at = models.DateTimeField(_("suspendu le"), null=True, blank=True)
    suspension_reason = models.TextField(_("motif de la suspension"), blank=True)

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")

    def __str__(self) -> str:
        return self.display_name or str(self.user)
