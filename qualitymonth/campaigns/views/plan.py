"""The secretariat's pages for the plan: campaigns, categories, actions, copying a year."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from qualitymonth.campaigns import selectors, services
from qualitymonth.campaigns.forms import ActionForm, CampaignForm, CategoryForm, CopyCampaignForm
from qualitymonth.campaigns.models import Category
from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required


@permission_required("campaigns.manage_campaign")
def campaign_create(request):
    form = CampaignForm(request.POST or None)
    campaign = save_with(
        request,
        form,
        lambda data: services.create_campaign(actor=request.user, **data),
        _("The campaign was created with the four standard categories."),
    )
    if campaign:
        return redirect("campaigns:campaign_detail", year=campaign.year)
    return render(request, "campaigns/campaign_form.html", {"form": form})


@permission_required("campaigns.manage_campaign")
def campaign_edit(request, year):
    campaign = selectors.get_campaign(request.user, year)
    form = CampaignForm(request.POST or None, instance=selectors.get_campaign(request.user, year))
    saved = save_with(
        request,
        form,
        lambda data: services.update_campaign(actor=request.user, campaign=campaign, **data),
        _("Saved."),
    )
    if saved:
        return redirect("campaigns:campaign_detail", year=saved.year)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@permission_required("campaigns.manage_campaign")
def campaign_copy(request, year):
    campaign = selectors.get_campaign(request.user, year)
    form = CopyCampaignForm(request.POST or None, initial={"year": campaign.year + 1})
    copy = save_with(
        request,
        form,
        lambda data: services.copy_campaign(
            actor=request.user, campaign=campaign, year=data["year"]
        ),
        _("The plan was copied; check the new dates and publish it when ready."),
    )
    if copy:
        return redirect("campaigns:campaign_detail", year=copy.year)
    return render(request, "campaigns/campaign_copy.html", {"form": form, "campaign": campaign})


@permission_required("campaigns.manage_campaign")
def category_edit(request, year, pk=None):
    campaign = selectors.get_campaign(request.user, year)
    category = get_object_or_404(Category, pk=pk, campaign=campaign) if pk else None
    form = CategoryForm(
        request.POST or None,
        instance=get_object_or_404(Category, pk=pk) if pk else None,
        initial={"position": campaign.categories.count()},
    )
    saved = save_with(
        request,
        form,
        lambda data: services.save_category(
            actor=request.user, campaign=campaign, category=category, **data
        ),
        _("Saved."),
    )
    if saved:
        return redirect("campaigns:campaign_detail", year=campaign.year)
    return render(
        request,
        "campaigns/category_form.html",
        {"form": form, "campaign": campaign, "category": category},
    )


@permission_required("campaigns.manage_campaign")
def action_edit(request, year, pk=None):
    campaign = selectors.get_campaign(request.user, year)
    action = get_object_or_404(campaign.actions, pk=pk) if pk else None
    form = ActionForm(
        request.POST or None,
        campaign=campaign,
        instance=get_object_or_404(campaign.actions, pk=pk) if pk else None,
    )

    def save(data):
        co_units = list(data.pop("co_units"))
        if action is None:
            return services.create_action(
                actor=request.user, campaign=campaign, co_units=co_units, **data
            )
        return services.update_action(actor=request.user, action=action, co_units=co_units, **data)

    saved = save_with(request, form, save, _("Saved."))
    if saved:
        return redirect("campaigns:action_detail", pk=saved.pk)
    return render(
        request,
        "campaigns/action_form.html",
        {"form": form, "campaign": campaign, "action": action},
    )
