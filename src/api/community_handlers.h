// The community digital technology groups' API: groups and members, help kinds and targets,
// households and visits, consent, assisted filing, the offline tablet's sync, dashboards (JSON
// and XLSX). Decode, validate, one service call, encode. Includes no heavy headers.
#pragma once

#include "http/message.h"
#include "service/community/community_service.h"

namespace motcua::api {

struct CommunityApiDeps {
  service::CommunityService* community = nullptr;
};

http::Response HandleCreateCommunityGroup(const CommunityApiDeps& d, http::Request& req);
http::Response HandleListCommunityGroups(const CommunityApiDeps& d, http::Request& req);
http::Response HandleAddCommunityMember(const CommunityApiDeps& d, http::Request& req);
http::Response HandleRevokeCommunityMember(const CommunityApiDeps& d, http::Request& req);
http::Response HandleGetHelpKinds(const CommunityApiDeps& d, http::Request& req);
http::Response HandlePutHelpKinds(const CommunityApiDeps& d, http::Request& req);
http::Response HandlePutCommunityTargets(const CommunityApiDeps& d, http::Request& req);
http::Response HandleCreateHousehold(const CommunityApiDeps& d, http::Request& req);
http::Response HandleListHouseholds(const CommunityApiDeps& d, http::Request& req);
http::Response HandleGetHousehold(const CommunityApiDeps& d, http::Request& req);
http::Response HandleRecordVisit(const CommunityApiDeps& d, http::Request& req);
http::Response HandleCreateConsent(const CommunityApiDeps& d, http::Request& req);
http::Response HandleConfirmConsent(const CommunityApiDeps& d, http::Request& req);
http::Response HandleAssistedDossier(const CommunityApiDeps& d, http::Request& req);
http::Response HandleCommunitySync(const CommunityApiDeps& d, http::Request& req);
http::Response HandleMyCommunityFilings(const CommunityApiDeps& d, http::Request& req);
http::Response HandleCommunityDashboard(const CommunityApiDeps& d, http::Request& req);
// GET …/community/dashboard.xlsx (?lang=vi|en, ?from, ?to)
http::Response HandleCommunityDashboardXlsx(const CommunityApiDeps& d, http::Request& req);

}  // namespace motcua::api
