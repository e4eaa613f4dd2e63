"""factory_boy factories shared by tests (and, later, demo data)."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from casestudies.models import CaseStudyIndexPage, CaseStudyPage, Solution, Vendor
from cop.accounts.models import Profile, User
from cop.core.models import HomePage
from cop.taxonomy.models import Municipality, Region, SizeBand, Theme


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{(n % 17) + 1:02d}")
    name = factory.LazyAttribute(lambda o: f"Région {o.code}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    geographic_code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Saint-Exemple-{n}")
    designation = "Municipalité"
    region = factory.SubFactory(RegionFactory)
    population = 1500
    size_band = factory.LazyAttribute(lambda o: SizeBand.for_population(o.population))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.qc.ca")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Tremblay-{n}")
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-solide-1")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])
            self.save()
        elif create:
            self.save()


def verify_email(user: User) -> EmailAddress:
    """Allauth signs in only verified addresses."""
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return address


def give_profile(user: User, *, municipality=None, **fields) -> Profile:
    profile, _ = Profile.objects.update_or_create(
        user=user, defaults={"municipality": municipality, **fields}
    )
    user.refresh_from_db()
    return profile


def ensure_site_root() -> HomePage:
    """Make sure the page tree and default site exist (transactional tests flush
    what the migrations created)."""
    locale = Locale.objects.first() or Locale.objects.create(language_code="fr-ca")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Carrefour des municipalités",
                slug="accueil",
                intro="Avant de lancer un projet, voyez ce que les autres ont essayé.",
                title_en="Carrefour for Quebec municipalities",
                intro_en="Before starting a project, see what others have tried.",
                locale=locale,
            )
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Carrefour"},
    )
    return home


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Fournisseur {n} inc.")


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution

    name = factory.Sequence(lambda n: f"Solution {n}")
    vendor = factory.SubFactory(VendorFactory)


def ensure_case_study_index() -> CaseStudyIndexPage:
    index = CaseStudyIndexPage.objects.first()
    if index is None:
        home = ensure_site_root()
        index = home.add_child(
            instance=CaseStudyIndexPage(title="Études de cas", slug="etudes-de-cas")
        )
    return index


def make_case_study(
    *,
    municipality=None,
    themes=(),
    solutions=(),
    publish: bool = True,
    **fields,
) -> CaseStudyPage:
    """Create a case study under the index page (published unless asked not to)."""
    index = ensure_case_study_index()
    defaults = {
        "title": "Agent conversationnel pour les appels hors heures",
        "summary": "Un agent répond aux questions fréquentes la nuit.",
        "problem": "Les appels de soir et de fin de semaine restaient sans réponse.",
        "outcome": "success",
        "stage": "deployed",
    }
    defaults.update(fields)
    page = CaseStudyPage(
        municipality=municipality or MunicipalityFactory(), live=publish, **defaults
    )
    index.add_child(instance=page)
    page.themes.set(themes)
    page.solutions.set(solutions)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


# --- Discussions (forums) -------------------------------------------------


def make_thread(
    *,
    theme=None,
    author=None,
    title: str = "Comment choisir un outil de transcription des séances?",
    body: str = "Nous cherchons un outil pour transcrire les séances du conseil.",
    visibility: str = "members",
    **fields,
):
    """Create a thread and its first post directly (no service, no rate limits).

    Extra `fields` are set on the thread (pinned, locked, hidden, created_at...).
    """
    from cop.core.sanitize import render_markdown
    from forums.models import Post, Thread

    theme = theme or ThemeFactory()
    author = author or UserFactory(groups=["Members"])
    thread = Thread.objects.create(
        theme=theme,
        author=author,
        title=title,
        visibility=visibility,
        last_post_author=author,
        **fields,
    )
    Post.objects.create(
        thread=thread,
        author=author,
        body_source=body,
        body_html=render_markdown(body),
        created_at=thread.created_at,
    )
    return thread


def make_post(
    *,
    thread=None,
    author=None,
    body: str = "Nous utilisons un outil québécois depuis un an, très satisfaits.",
    **fields,
):
    """Add a reply to a thread directly, keeping the thread's counters in step."""
    from django.utils import timezone

    from cop.core.sanitize import render_markdown
    from forums.models import Post

    thread = thread or make_thread()
    author = author or UserFactory(groups=["Members"])
    fields.setdefault("created_at", timezone.now())
    post = Post.objects.create(
        thread=thread,
        author=author,
        body_source=body,
        body_html=render_markdown(body),
        **fields,
    )
    thread.reply_count = thread.posts.count() - 1
    thread.last_activity_at = post.created_at
    thread.last_post_author = author
    thread.save(update_fields=["reply_count", "last_activity_at", "last_post_author"])
    return post
