/// The message catalogue: everything a person reads, in English and Danish side by side.
/// `{1}`, `{2}`, … are the arguments in order; a caller formats counts, shares and dates
/// with `Local` first, so the numbers read as the language writes them.
///
/// The Danish words are the letting agreement's own (the seeds): kommunal anvisning,
/// fleksibel udlejning (almindelige/skærpede kriterier), almindelig udlejning,
/// genhusningsbolig, tilbageholdt, ledig bolig, afdeling, boligorganisation,
/// områdetrappen/afdelingstrappen, trin. A test checks that every entry has both languages
/// with the same arguments.
public enum Phrase: String, CaseIterable, Sendable {
    // MARK: Words
    case yes, no, total, none, unplaced, stepOf
    case routeReferral, routeFlexible, routeTightened, routeOrdinary
    case letByReferral, letByFlexible, letByTightened, letBySeniority
    case staircaseArea, staircaseDepartment
    case statusOK, statusAtLimit, statusBreach
    case outcomeReferred, outcomeRehoused, outcomeReturned, outcomePending
    case withheldCap, withheldFourth, withheldExempt
    case groupingDepartment, groupingStep, groupingStaircase, groupingOrganisation, groupingCity
    case criterionEmployment, criterionConvictions, criterionEducation, criterionIncome
    case vacancyStatusNotOffered, vacancyStatusWithheld, vacancyStatusVoid
    case termReferral, termFlexible, termTightened, termOrdinary, termArea, termDepartment, termNotOffered, termWithheld, termVoid
    case termCap, termFourth, termExempt

    // MARK: A decision (log, settle, void)
    case decisionHeading, decisionDryRunHeading, decisionRehousingUnit, decisionReservedUnit
    case doOffer, doReferred, doRehoused, doReturned, doLet, doLetTightened, doVoid, doVoidOffer
    case whyCap, whyFourth, whyExempt
    case decisionRules, decisionCounters, decisionReplayed, decisionVoid, decisionVoidForced
    case countersLine, countersFigures

    // MARK: explain
    case explainPlacement, explainPlacementFlags, explainPolicy, explainPosition, explainPositionRehousing
    case flagBaseStep, flagAtRisk, flagExempt, flagReserved, flagCriteria
    case explainR1, explainR2Referral, explainR2Flexible, explainR2Tightened, explainR5, explainR3, explainR3Odd, explainR3Even, explainR4
    case explainG1, explainG2, explainG3, explainNoSafeguard, explainR6
    case explainPending, explainReferred, explainRehoused, explainReturned
    case explainCounters, explainVoid, explainVoidOffer, explainForced, explainToken

    // MARK: Tables
    case colDepartment, colName, colUnits, colStaircase, colStep, colFlags, colFrom, colPeriod, colDepartments
    case colVacancies, colVacanciesWord, colOffers, colPending, colRealised, colReturned, colWithheld, colShare, colHeadroom, colStatus
    case colPendingOver, colVacancy, colNumber, colUnit, colDate, colOutcome, colSettled, colDays
    case colDwellings, colOfDwellings, colFlexibleShare, colRealisedShare, colRef, colBy, colRoute, colOrganisation, colRules, colVoided
    case auditWindow, auditTotalDepartments, strictBreach, strictBreachOn, strictAtLimit, strictFailure

    // MARK: offers
    case offersNone, offersNonePending, offersOlderThan, offersHeading, offersHeadingPending

    // MARK: department show
    case departmentHeading, departmentPlacements, departmentCounters, departmentPlacementLine

    // MARK: verify
    case verifyEntries, verifyHead, verifyCounters, verifyCheckpoints, verifyFirstBad, verifySince
    case verifyOKSince, verifyOK, verifyOKDeep, verifyAndCheckpoints, verifyFault, verifyBreach

    // MARK: report
    case reportHeading, reportLBF, reportTightenedNote

    // MARK: Files written, progress
    case wroteExport, wroteExportOne, wroteAudit, wroteReport, wroteBackup, wroteCheckpoint
    case demoSummary, demoVerifyOK, demoNext, demoProgress, demoDepartments, demoEvents, importProgress, importSending, importSent

    // MARK: Typos and usage
    case unknownOption, unknownCommand, unknownCommandOf, didYouMean, seeHelp, badLanguage

    // MARK: Errors (ErrorText)
    case errSettlementRefused, errSettlementLater, errSettlementNever, errVoidRefused, errUnknownDepartment, errUnknownVacancy, errRefReused, errReservedMark, errNoPlacement, errAnyDate, errReservedNotAllowed, errNotOfferedWithheld, errNotOfferedRoute, errAlreadySettled, errSettledBefore, errVacancyVoid, errOutsideAgreement, errForbidden, errClerkOf, errRole, errIn, errAllowedClerk, errAllowedMunicipality, errAllowedAuditor, errAllowedAdmin, errNoToken, errUnknownToken, errRevokedToken, errExpiredToken, errUnauthenticated, errNoLedger, errLocked, errImportRejected, errImportForbidden, errMoreInReport, errAtLine, errBadDate, errDateOutside, errEmpty, errNotAllowedChar, errTooLong, errMalformedID, errInvalid, errUnknownExtension, errExists

    // MARK: Help: each command's abstract
    case help1, help2, help3, help4, help5, help6, help7, help8, help9, help10, help11, help12, help13, help14, help15, help16, help17, help18, help19, help20, help21, help22, help23, help24, help25, help26, help27, help28, help29, help30, help31, help32, help34, help35, help36, help37, help38

    // MARK: The HTML report and its charts
    case chartShareLabel, chartOneIn, chartInBreach, chartAtLimit, chartWithin, chartMoreFailing, chartMoreWithin, chartRouteMix, chartRealisedReferral, chartPendingOffers, chartMonths, monthNames, reportTitle, reportPageHeading, reportCitySummary, reportNoDepartments, reportDatedIn, reportShareHeading, reportSummaryHeading, reportGroup, reportTightenedFlexible, reportLBFShort

    // MARK: More errors (ErrorText)
    case errDepartmentExists, errNoSettlement, errPolicyFile, errCycleChanged, errPeriodOverlaps, errLine, errTokenUnknownID, errTokenRevokedAt, errTokenNameTaken, errUnknownOrganisation, errNoAgreement, errNotDemo, errNotSQLite, errNotALedger, errNotInitialised, errNewerSchema, errOlderSchema, errCrashJournal, errWALNoSHM, errDamaged, errConstraint, errInterrupted, errTheLedger, errIO, errDatabase, errYearOutside, errControlChar, fileNotCSV, fileHeader, fileColumns, fileNotCheckpoint, fileEmpty, fileNotKey, fileUnreadable, fileNotUTF8, ioFolderMissing, ioPermission, ioReadOnly, ioDiskFull, ioQuota, ioNotAFolder, ioIsAFolder, ioNameTooLong, outIsLedger, outIsDatabase, outIsFolder, outAppeared, outKeyExists

    // MARK: Help: options and arguments
    case optAPolicyFileYAML, optAServedLedgerVacancy, optAlsoProveThatThe, optAlsoWriteASelf, optBytesAnImportFile, optBytesPerSecondA, optCheckAnExportFile, optCheckOnlyWhatWas, optRequireEveryCheckpointOr, optSignCheckpointsWithThis, optSignTheExportWith, optTheCSVFileOr, optTheEd25519PrivateKey, optTheDemoLedgerFile, optTheFolderToWrite, optTheLedgerFile, optTheNewFileTo, optThePrivateKeyFile, optWhoRecordsTheEntry, optWriteEveryListedLine, optACalendarYear1, optADwellingReservedFor, optAlsoCountOffersPending, optAlsoRunSQLiteS, optAlsoWriteTheLine, optAreaStep1The, optComputeAndPrintThe, optConnectionsServedAtOnce, optDecideAndPrintWithout, optDepartmentIdORGNUMBER, optDepartmentIdEG, optDepartmentId, optDepartmentStep1May, optDepartmentStep2Exempt, optDepartmentStaircaseStepOn, optDoEverythingAndReport, optDwellingsReservedForFixed, optEffectiveDateYYYYMM, optEffectiveDateOfThe, optEventsPerTransaction, optEveryColumnOfThe, optEveryColumnOfThe2, optExcelFriendlyCSVSemicolons, optExit4IfAny, optFailExit65Unless, optFamilyDwellingsInThe, optHoursASignIn, optImpliesStrictExit4, optMarkThePageS, optMinutesWithoutARequest, optOnlyOffersAwaitingAn, optOnlyOffersThatHave, optOnlyThisDepartment, optOutputFormatTextOr, optRecordARealisedAnswer, optRecordTheVoidEven, optRollUpByDepartment, optSecondsAReadMay, optSecondsARequestS, optSecondsBeforeAnIdle, optShareOfItsOffers, optShareOfTheDwellings, optStep12On, optTheCSVFile, optTheAddressToListen, optTheBuiltInCopenhagen, optTheCalendarYear, optTheCityGeneratorS, optTheClerkSOrganisation, optTheDatePendingOver, optTheDateDaysAre, optTheDateOfThe, optTheDepartmentSName, optTheDwellingUnitNumber, optTheGeneratorSSeed, optTheIndicatorsCSV, optTheLastDayIt, optThePlacementInForce, optThePort0Any, optTheSmallSample8, optTheTokenIdToken, optTheVacancyIdPrinted, optTheVacancyId, optTheVacancySDate, optTheYearDefaultThe, optVacanciesDatedFromYYYY, optVacanciesDatedToYYYY, optVoidOnlyTheSettlement, optWhoseTokenRecordedAs, optWhyKeptInThe, optWindowEndYYYYMM, optWindowStartYYYYMM, optWriteToThisFile, optWriteToThisFile2, optYourKeyForThis, optAreaOmrDetrappenOr, optClerkMunicipalityAuditorOr, optCsvOrJsonDefault, optReferredRehousedOrReturned, optTableOrJson, optTableJsonOrCsv, optTableJsonOrCsv2, optTextOrJsonThe, optTextOrJson

    // MARK: Help: commands' discussions
    case optDefaultDB, optDefaultServer, discMain, discLog, discSettle, discOffers, discReport, discVoid, discInit, discExport, discAudit

    // MARK: Import and export check
    case importDryRun, importSummary, importColLine, importColKind, importColFileSaid, importColRulesSaid, checkRows, checkHead, checkLater, checkOK, checkOKSignatureOnly

    // MARK: Errors: what is accepted, placements
    case accCalendarDate, accFileDateForm, accFileDate, accText, accWholeNumber, accShare, accDecimal, accRate, accStep, accCriteria, accTrueOrFalse, accBeforeOrOn, accNeeds, accEachValueOnce, accEachOnce, accFileWrittenBy, accOptionally, accColumnCount, accUTF8File, accTogether, placeStepRange, placeAtRiskOnly, placeExemptOnly, placeCriteriaOnly, placeReservedOnly, placeMisfit, placeBaseOnArea, placeTooManyReserved, placeSameDate, placeRetroactive, placeBaseContradicts

    // MARK: The page
    case pageTitle, pageSignIn, pageSignInHelp, pageToken, pageSignInButton, pageSignOut, pageSignedInAs
    case pageFilter, pageYear, pageOrganisation, pageAll, pageApply, pageLanguageSwitch
    case pageYearFigures, pagePeriodFigures, pagePendingOffers, pageNoPendingOffers, pageSettle, pageSettleButton
    case pageHeading, pageIntro, pageStatus, pageStep, tileDepartmentPeriods, tileVacancies, tileRealised, tilePending, tileAtLimit, tileBreach, pagePerDepartment, pageShareChart, pageRouteMix, pageMonths, pageChosenDepartments, pageWholeCity, pageNoCharts, pageChartsNote, pageDaysWaiting, pageDate, pageSignInElsewhere, pageSignOutElsewhere, pagePasteToken, pageTokenUnknown, pageTokenRevoked, pageTokenExpired, pageTokenRefused, pageLoginTitle, pageAppName, pageClerkOf, roleMunicipality, roleAuditor, roleAdmin, pageS1, pageS1Later, pageComplianceTitle, pageSortedBy, pageFilters, pageQueueFor
    case pageSettled, pageSettleRefused, pageCSRF, pagePrevious, pageNextPage, pageRows, pageSortBy

    public var texts: (en: String, da: String) {
        switch self {
        case .yes: ("yes", "ja")
        case .no: ("no", "nej")
        case .total: ("total", "i alt")
        case .none: ("none", "ingen")
        case .unplaced: ("unplaced", "uplaceret")
        case .stepOf: ("{1} step {2}", "{1} trin {2}")
        case .routeReferral: ("municipal referral", "kommunal anvisning")
        case .routeFlexible: ("flexible letting", "fleksibel udlejning")
        case .routeTightened: ("flexible letting, tightened criteria", "fleksibel udlejning, skærpede kriterier")
        case .routeOrdinary: ("ordinary letting", "almindelig udlejning")
        case .letByReferral: ("referral by the municipality", "kommunal anvisning")
        case .letByFlexible: ("flexible criteria", "almindelige fleksible kriterier")
        case .letByTightened: ("tightened criteria", "skærpede kriterier")
        case .letBySeniority: ("seniority (ordinary letting)", "anciennitet (almindelig udlejning)")
        case .staircaseArea: ("area staircase", "områdetrappen")
        case .staircaseDepartment: ("department staircase", "afdelingstrappen")
        case .statusOK: ("ok", "ok")
        case .statusAtLimit: ("at-limit", "ved grænsen")
        case .statusBreach: ("breach", "brud")
        case .outcomeReferred: ("referred", "anvist")
        case .outcomeRehoused: ("rehoused", "genhuset")
        case .outcomeReturned: ("returned", "returneret")
        case .outcomePending: ("pending", "afventer")
        case .withheldCap: ("one in three reached", "hver tredje er nået")
        case .withheldFourth: ("fourth dwelling", "4. bolig")
        case .withheldExempt: ("exempt department", "fritaget afdeling")
        case .groupingDepartment: ("department", "afdeling")
        case .groupingStep: ("step", "trin")
        case .groupingStaircase: ("staircase", "trappe")
        case .groupingOrganisation: ("organisation", "boligorganisation")
        case .groupingCity: ("city", "kommunen")
        case .criterionEmployment: ("employment", "beskæftigelse")
        case .criterionConvictions: ("convictions", "domme")
        case .criterionEducation: ("education", "uddannelse")
        case .criterionIncome: ("income", "indkomst")
        case .vacancyStatusNotOffered: ("not offered", "ikke tilbudt")
        case .vacancyStatusWithheld: ("withheld", "tilbageholdt")
        case .vacancyStatusVoid: ("void", "annulleret")
        case .termReferral: ("referral", "anvisning")
        case .termFlexible: ("flexible", "fleksibel")
        case .termTightened: ("tightened", "skærpet")
        case .termOrdinary: ("ordinary", "almindelig")
        case .termArea: ("area", "område")
        case .termDepartment: ("department", "afdeling")
        case .termNotOffered: ("not-offered", "ikke tilbudt")
        case .termWithheld: ("withheld", "tilbageholdt")
        case .termVoid: ("void", "annulleret")
        case .termCap: ("cap", "hver tredje")
        case .termFourth: ("fourth", "4. bolig")
        case .termExempt: ("exempt", "fritaget")

        case .decisionHeading: ("Vacancy {1}: {2} no. {3}, unit {4}, {5}", "Ledig bolig {1}: {2} nr. {3}, lejemål {4}, {5}")
        case .decisionDryRunHeading: ("Trial (nothing written): {1} no. {2}, unit {3}, {4}", "Prøve (intet skrevet): {1} nr. {2}, lejemål {3}, {4}")
        case .decisionRehousingUnit: (" — a rehousing unit", " — en genhusningsbolig")
        case .decisionReservedUnit: (" — reserved for fixed referral", " — forbeholdt fast anvisning")
        case .doOffer: ("Offer it to the municipality for referral, and wait for its answer.",
                        "Tilbyd den til kommunen til kommunal anvisning, og afvent kommunens svar.")
        case .doReferred: ("The municipality referred a household on {1}.", "Kommunen anviste en husstand den {1}.")
        case .doRehoused: ("The municipality used it for rehousing on {1}.", "Kommunen brugte den til genhusning den {1}.")
        case .doReturned: ("The municipality returned the offer on {1}: let it from the waiting list by {2}.",
                           "Kommunen returnerede tilbuddet den {1}: udlej den fra ventelisten efter {2}.")
        case .doLet: ("Let it from the waiting list by {1}.", "Udlej den fra ventelisten efter {1}.")
        case .doLetTightened: ("Let it from the waiting list by tightened criteria ({1}).", "Udlej den fra ventelisten efter skærpede kriterier ({1}).")
        case .doVoid: ("Void: it no longer counts.", "Annulleret: den tæller ikke længere med.")
        case .doVoidOffer: ("Void: it no longer counts, nor does its offer to the municipality.",
                            "Annulleret: hverken den eller tilbuddet til kommunen tæller længere med.")
        case .whyCap: ("Let it from the waiting list by {1}: the municipality already has one in {2} of this department's vacancies.",
                       "Udlej den fra ventelisten efter {1}: kommunen har allerede hver {2}. af afdelingens ledige boliger.")
        case .whyFourth: ("Let it from the waiting list by {1}: the dwellings due to the municipality before it were all referred, so this one is kept back (the 4th dwelling).",
                          "Udlej den fra ventelisten efter {1}: de foregående boliger, der tilfaldt kommunen, blev alle anvist, så denne tilbageholdes (4. bolig).")
        case .whyExempt: ("Let it from the waiting list by {1}: the department is exempt from extra referrals, and the municipality has had its one in {2} offers.",
                          "Udlej den fra ventelisten efter {1}: afdelingen er fritaget for ekstra anvisninger, og kommunen har fået tilbudt hver {2}.")
        case .decisionRules: ("Rules: {1} · policy {2} version {3}", "Regler: {1} · aftale {2} version {3}")
        case .decisionCounters: ("{1} in {2}: {3}", "{1} i {2}: {3}")
        case .decisionReplayed: ("Ref {1} was already logged: nothing written.", "Reference {1} er allerede registreret: intet skrevet.")
        case .decisionVoid: ("Void: {1} (by {2})", "Annulleret: {1} (af {2})")
        case .decisionVoidForced: ("Void: {1} (by {2}, forced through an I1 refusal)", "Annulleret: {1} (af {2}, gennemtvunget trods I1)")
        case .countersLine: ("{1} vacancies, {2} offered, {3} awaiting an answer, {4} realised, {5} returned, {6} withheld; room for {7} more referrals",
                             "{1} ledige boliger, {2} tilbudt, {3} afventer svar, {4} realiseret, {5} returneret, {6} tilbageholdt; plads til {7} anvisninger mere")

        case .countersFigures: ("{1} vacancies, {2} offered, {3} awaiting an answer, {4} realised, {5} returned, {6} withheld",
                                "{1} ledige boliger, {2} tilbudt, {3} afventer svar, {4} realiseret, {5} returneret, {6} tilbageholdt")
        case .explainPlacement: ("Placement: on {1} {2} was on the {3}, step {4}{5}, placed from {6}.",
                                 "Placering: den {1} var {2} på {3}, trin {4}{5}, placeret fra {6}.")
        case .explainPlacementFlags: (" ({1})", " ({1})")
        case .explainPolicy: ("Policy {1}, version {2}.", "Aftale {1}, version {2}.")
        case .explainPosition: ("Position: it is the department's vacancy number {1} in the period; {1} divided by {2} leaves {3}.",
                                "Plads: det er afdelingens ledige bolig nr. {1} i perioden; {1} divideret med {2} giver rest {3}.")
        case .explainPositionRehousing: ("Position: it is the department's vacancy number {1} in the period; {1} divided by {2} leaves {3}, so it is a rehousing unit (every {2}th).",
                                         "Plads: det er afdelingens ledige bolig nr. {1} i perioden; {1} divideret med {2} giver rest {3}, så den er genhusningsbolig (hver {2}.).")
        case .flagBaseStep: ("base step {1}", "grundtrin {1}")
        case .flagAtRisk: ("at risk", "i risiko")
        case .flagExempt: ("exempt", "fritaget")
        case .flagReserved: ("{1} reserved dwellings", "{1} boliger til fast anvisning")
        case .flagCriteria: ("risk-zone criteria {1}", "risikozone-kriterier {1}")
        case .explainR1: ("R1: on step 2 of the area staircase every dwelling is let by tightened criteria (all four); the municipality is offered none here.",
                          "R1: på områdetrappens trin 2 udlejes alle boliger efter skærpede kriterier (alle fire); kommunen får ingen tilbudt her.")
        case .explainR2Referral: ("R2: step 1 of the area staircase, where the policy offers every {1}th vacancy to the municipality.",
                                  "R2: områdetrappens trin 1, hvor aftalen tilbyder hver {1}. ledige bolig til kommunen.")
        case .explainR2Flexible: ("R2: step 1 of the area staircase lets by flexible criteria.", "R2: områdetrappens trin 1 udlejer efter fleksible kriterier.")
        case .explainR2Tightened: ("R2: step 1 of the area staircase lets by flexible criteria, tightened by the risk-zone criteria the area exceeds: {1}.",
                                   "R2: områdetrappens trin 1 udlejer efter fleksible kriterier, skærpet med de risikozone-kriterier området overskrider: {1}.")
        case .explainR5: ("R5: a dwelling reserved for fixed referral (fast anvisning): it is the municipality's.",
                          "R5: en bolig forbeholdt fast anvisning: den tilfalder kommunen.")
        case .explainR3: ("R3: it is rehousing unit number {1} ({1} is {2}); base step {3} on {4} gives {5}.",
                          "R3: den er genhusningsbolig nr. {1} ({1} er {2}); grundtrin {3} den {4} giver {5}.")
        case .explainR3Odd: ("odd", "ulige")
        case .explainR3Even: ("even", "lige")
        case .explainR4: ("R4: step {1}'s letting cycle gives place {2} of the cycle: {3}.",
                          "R4: trin {1}s udlejningscyklus giver plads {2} i cyklussen: {3}.")
        case .explainG1: ("G1: realising it would give the municipality {1} of {2} vacancies, more than one in {3}: it is withheld, so realised referral stays within one in {3}.",
                          "G1: hvis den blev realiseret, fik kommunen {1} af {2} ledige boliger, mere end hver {3}. bolig: den tilbageholdes, så realiseret anvisning holder sig inden for hver {3}.")
        case .explainG2: ("G2: the {1} dwellings before it that were due to the municipality were all referred: this fourth dwelling is withheld (the department is at risk).",
                          "G2: de {1} foregående boliger, der tilfaldt kommunen, blev alle anvist: denne 4. bolig tilbageholdes (afdelingen er i risiko).")
        case .explainG3: ("G3: the department is exempt from extra delivery, and offering it would make {1} offers of {2} vacancies, more than one in {3}: withheld.",
                          "G3: afdelingen er fritaget for ekstra levering, og et tilbud ville give {1} tilbud af {2} ledige boliger, mere end hver {3}. bolig: tilbageholdt.")
        case .explainNoSafeguard: ("No safeguard applied (G1: with it realised the municipality would have {1} of {2} vacancies, within one in {3}): offered to the municipality.",
                                   "Ingen sikring slog til (G1: realiseret ville kommunen have {1} af {2} ledige boliger, inden for hver {3}. bolig): tilbudt kommunen.")
        case .explainR6: ("R6: a withheld dwelling is let from the waiting list by {1}.", "R6: en tilbageholdt bolig udlejes fra ventelisten efter {1}.")
        case .explainPending: ("The offer awaits the municipality's answer (`settle {1} --outcome …`).",
                               "Tilbuddet afventer kommunens svar (`settle {1} --outcome …`).")
        case .explainReferred: ("The municipality referred a household on {1}: realised referral.", "Kommunen anviste en husstand den {1}: realiseret anvisning.")
        case .explainRehoused: ("The municipality used it for rehousing on {1}: realised referral.", "Kommunen brugte den til genhusning den {1}: realiseret anvisning.")
        case .explainReturned: ("The municipality returned it on {1}; R6: let from the waiting list by {2}.",
                                "Kommunen returnerede den {1}; R6: udlejes fra ventelisten efter {2}.")
        case .explainCounters: ("Right after the decision: {1}.", "Lige efter afgørelsen: {1}.")
        case .explainVoid: ("Void: voided by {1} at {2}: {3}{4}. It no longer counts in the department's figures.",
                            "Annulleret af {1} {2}: {3}{4}. Den tæller ikke længere med i afdelingens tal.")
        case .explainVoidOffer: ("Void: voided by {1} at {2}: {3}{4}. It no longer counts in the department's figures, and nothing is left to answer.",
                                 "Annulleret af {1} {2}: {3}{4}. Den tæller ikke længere med i afdelingens tal, og der er intet at besvare.")
        case .explainForced: (" (forced through an I1 refusal)", " (gennemtvunget trods I1)")
        case .explainToken: ("Logged through the service with token {1} ({2}).", "Registreret gennem tjenesten med nøgle {1} ({2}).")

        case .colDepartment: ("department", "afdeling")
        case .colName: ("name", "navn")
        case .colUnits: ("units", "boliger")
        case .colStaircase: ("stair", "trappe")
        case .colStep: ("step", "trin")
        case .colFlags: ("flags", "kendetegn")
        case .colFrom: ("from", "fra")
        case .colPeriod: ("period", "periode")
        case .colDepartments: ("departments", "afdelinger")
        case .colVacancies: ("n", "n")
        case .colVacanciesWord: ("vacancies", "ledige")
        case .colOffers: ("offers", "tilbud")
        case .colPending: ("pending", "afventer")
        case .colRealised: ("realised", "realiseret")
        case .colReturned: ("returned", "returneret")
        case .colWithheld: ("withheld", "tilbageholdt")
        case .colShare: ("share", "andel")
        case .colHeadroom: ("headroom", "råderum")
        case .colStatus: ("status", "status")
        case .colPendingOver: ("pending>{1}d", "afventer>{1}d")
        case .colVacancy: ("vacancy", "bolig")
        case .colNumber: ("no.", "nr.")
        case .colUnit: ("unit", "lejemål")
        case .colDate: ("date", "dato")
        case .colOutcome: ("outcome", "svar")
        case .colSettled: ("settled", "besvaret")
        case .colDays: ("days", "dage")
        case .colDwellings: ("dwellings", "boliger")
        case .colOfDwellings: ("of dwellings", "af boligerne")
        case .colFlexibleShare: ("flexible %", "fleksibel %")
        case .colRealisedShare: ("realised %", "anvist %")
        case .colRef: ("ref", "reference")
        case .colBy: ("by", "af")
        case .colRoute: ("route", "udlejning")
        case .colOrganisation: ("organisation", "boligorganisation")
        case .colRules: ("rules", "regler")
        case .colVoided: ("voided", "annulleret")
        case .auditWindow: ("Window {1} – {2} (both inclusive)", "Tidsrum {1} – {2} (begge dage med)")
        case .auditTotalDepartments: ("{1} departments", "{1} afdelinger")
        case .strictBreach: ("one in {1} broken", "hver {1}. er overskredet")
        case .strictBreachOn: ("one in {1} broken on {2}", "hver {1}. overskredet den {2}")
        case .strictAtLimit: ("at its limit (no room for another referral)", "ved grænsen (ikke plads til flere anvisninger)")
        case .strictFailure: ("{1}: {2} {3}: {4}; realised {5} of {6} vacancies, {7} pending",
                              "{1}: {2} {3}: {4}; realiseret {5} af {6} ledige boliger, {7} afventer svar")

        case .offersNone: ("No offers{1} on {2}.", "Ingen tilbud{1} den {2}.")
        case .offersNonePending: ("No offers awaiting an answer{1} on {2}.", "Ingen tilbud, der afventer svar{1}, den {2}.")
        case .offersOlderThan: (", waiting more than {1} days", " med mere end {1} dages ventetid")
        case .offersHeading: ("{1} offers{2}, oldest first (days to {3} or to the answer):", "{1} tilbud{2}, ældste først (dage til {3} eller til svaret):")
        case .offersHeadingPending: ("{1} offers awaiting an answer{2}, oldest first (days to {3}):", "{1} tilbud, der afventer svar{2}, ældste først (dage til {3}):")

        case .departmentHeading: ("{1} {2} — {3} units (organisation {4})", "{1} {2} — {3} boliger (boligorganisation {4})")
        case .departmentPlacements: ("Placements:", "Placeringer:")
        case .departmentCounters: ("Counters:", "Tal:")
        case .departmentPlacementLine: ("from {1}: {2} step {3} {4}", "fra {1}: {2} trin {3} {4}")

        case .verifyEntries: ("entries: {1}", "posteringer: {1}")
        case .verifyHead: ("head hash: {1}", "seneste hash: {1}")
        case .verifyCounters: ("counter rows checked: {1}", "tællerrækker kontrolleret: {1}")
        case .verifyCheckpoints: ("checkpoints checked: {1}", "kontrolpunkter kontrolleret: {1}")
        case .verifyFirstBad: ("first bad entry: journal {1}", "første fejlende postering: journal {1}")
        case .verifySince: ("checked since: entry {1} (SQLite's page check not run)", "kontrolleret siden: postering {1} (SQLites sidekontrol ikke kørt)")
        case .verifyOKSince: ("ok: checkpoint, schema, the entries after it and the counters they touched verified",
                              "ok: kontrolpunkt, skema, posteringerne derefter og de tal, de rørte, er kontrolleret")
        case .verifyOK: ("ok: schema, hash chain{1} and counters verified", "ok: skema, hashkæde{1} og tal er kontrolleret")
        case .verifyOKDeep: ("ok: integrity, schema, hash chain{1} and counters verified", "ok: integritet, skema, hashkæde{1} og tal er kontrolleret")
        case .verifyAndCheckpoints: (", checkpoints", ", kontrolpunkter")
        case .verifyFault: ("FAULT: {1}", "FEJL: {1}")
        case .verifyBreach: ("breach: {1} {2}: one in {3} broken from {4} (realised {5} of {6} vacancies dated by then)",
                             "brud: {1} {2}: hver {3}. overskredet fra {4} (realiseret {5} af {6} ledige boliger dateret til da)")

        case .reportHeading: ("Year-end summary {1} (vacancies dated in the year, routes as they stand now)",
                              "Årsopgørelse {1} (ledige boliger dateret i året, udlejning som den står nu)")
        case .reportLBF: ("Landsbyggefonden's letting categories [assumed mapping]: {1}", "Landsbyggefondens udlejningskategorier [antaget opdeling]: {1}")
        case .reportTightenedNote: ("Lettings by tightened criteria are flexible lettings: they count in the flexible share.",
                                    "Udlejning efter skærpede kriterier er fleksibel udlejning: den tæller med i den fleksible andel.")

        case .wroteExport: ("wrote the export of {2} to {3}: {1} rows of lettings and pending offers",
                            "skrev eksporten for {2} til {3}: {1} rækker med udlejninger og ubesvarede tilbud")
        case .wroteExportOne: ("wrote the export of {1} to {2}: 1 row of lettings and pending offers",
                               "skrev eksporten for {1} til {2}: 1 række med udlejninger og ubesvarede tilbud")
        case .wroteAudit: ("wrote the audit ({1}) to {2}", "skrev kontrollen ({1}) til {2}")
        case .wroteReport: ("wrote the report of {1} to {2}", "skrev rapporten for {1} til {2}")
        case .wroteBackup: ("wrote a backup of {1} entries to {2}; head {3}", "skrev en sikkerhedskopi med {1} posteringer til {2}; seneste {3}")
        case .wroteCheckpoint: ("wrote the checkpoint to {1}", "skrev kontrolpunktet til {1}")
        case .demoSummary: ("Demo ledger {1}: {2} departments, {3} vacancies, {4} offered to the municipality, {5} answered ({6} realised answers refused by S1 and recorded as returned).",
                            "Demoprotokol {1}: {2} afdelinger, {3} ledige boliger, {4} tilbudt kommunen, {5} besvaret ({6} realiserede svar afvist af S1 og registreret som returneret).")
        case .demoVerifyOK: ("verify: ok ({1} entries, head {2}…)", "kontrol: ok ({1} posteringer, seneste {2}…)")
        case .demoNext: ("Next: {1}", "Næste skridt: {1}")
        case .demoProgress: ("demo: {1}", "demo: {1}")
        case .demoDepartments: ("{1} departments added", "{1} afdelinger oprettet")
        case .demoEvents: ("{1} of {2} vacancies and answers logged", "{1} af {2} ledige boliger og svar registreret")
        case .importProgress: ("{1}/{2} events, {3}/s, {4} s left", "{1}/{2} hændelser, {3}/s, {4} s tilbage")
        case .importSending: ("sending", "sender")
        case .importSent: ("sent; the service is importing", "sendt; tjenesten importerer")

        case .unknownOption: ("unknown option '{1}' for `{2}`{3} (accepted: see `vacancy-ledger help {2}`)",
                              "ukendt tilvalg '{1}' til `{2}`{3} (se `vacancy-ledger help {2}`)")
        case .unknownCommand: ("unknown command '{1}'{2} (accepted: {3})", "ukendt kommando '{1}'{2} (mulige: {3})")
        case .unknownCommandOf: ("unknown command '{1}' of `{2}`{3} (accepted: {4})", "ukendt kommando '{1}' under `{2}`{3} (mulige: {4})")
        case .didYouMean: ("; did you mean '{1}'?", "; mente du '{1}'?")
        case .seeHelp: ("{1} (see `vacancy-ledger help`)", "{1} (se `vacancy-ledger help`)")
        case .badLanguage: ("--lang {1} is not a language this ledger speaks (accepted: en, da)", "--lang {1} er ikke et sprog, protokollen taler (mulige: en, da)")

        case .errSettlementRefused: ("S1: recording {1} on vacancy {2}, settled {3}, would make realised referral {4} of {5} vacancies in {6} on {7}, more than one in {8} (I1, counted by dates){9}. Record --outcome returned instead, or, if the household has in fact moved in, pass --force to record a visible breach",
                    "S1: at registrere {1} på ledig bolig {2}, besvaret {3}, ville give {4} realiserede anvisninger af {5} ledige boliger i {6} den {7}, mere end hver {8}. (I1, talt efter datoer){9}. Registrér i stedet `--outcome returned`, eller, hvis husstanden faktisk er flyttet ind, brug --force for at registrere et synligt brud")
        case .errSettlementLater: ("; settled on or after {1} it would hold",
                    "; besvaret den {1} eller senere ville det holde")
        case .errSettlementNever: ("; no settlement date in the period would hold with the vacancies logged so far",
                    "; ingen svardato i perioden ville holde med de ledige boliger, der er registreret indtil nu")
        case .errVoidRefused: ("voiding vacancy {1} would leave realised referral {2} of {3} vacancies in {4} on {5}, more than one in {6} (I1, counted by dates). Log the department's missing vacancies dated on or before {5} first, or pass --force to record a visible breach",
                    "annullering af ledig bolig {1} ville efterlade {2} realiserede anvisninger af {3} ledige boliger i {4} den {5}, mere end hver {6}. (I1, talt efter datoer). Registrér først afdelingens manglende ledige boliger dateret {5} eller før, eller brug --force for at registrere et synligt brud")
        case .errUnknownDepartment: ("unknown department {1} (accepted: a department added with `department add` or `department import`; see `department list`)",
                    "ukendt afdeling {1} (mulige: en afdeling oprettet med `department add` eller `department import`; se `department list`)")
        case .errUnknownVacancy: ("unknown vacancy {1} (accepted: a vacancy id printed by `log`)",
                    "ukendt ledig bolig {1} (mulige: et nummer, som `log` har skrevet)")
        case .errRefReused: ("--ref {1} was used for vacancy {2} (unit {3}, {4}{5}) in {6} (accepted: the same unit, date and --reserved-unit, or a new ref)",
                    "--ref {1} er brugt til ledig bolig {2} (lejemål {3}, {4}{5}) i {6} (mulige: samme lejemål, dato og --reserved-unit, eller en ny reference)")
        case .errReservedMark: (", reserved unit",
                    ", fast anvisning")
        case .errNoPlacement: ("department {1} has no placement in force on {2} (accepted: a date on or after its first placement; see `department show {1}`)",
                    "afdeling {1} har ingen placering den {2} (mulige: en dato fra dens første placering; se `department show {1}`)")
        case .errAnyDate: ("any date",
                    "nogen dato")
        case .errReservedNotAllowed: ("--reserved-unit on {1}, which has no dwellings reserved for fixed referral on {2} (R5; accepted only on a department-staircase placement with --reserved N)",
                    "--reserved-unit på {1}, som ikke har boliger til fast anvisning den {2} (R5; kun muligt på afdelingstrappen med --reserved N)")
        case .errNotOfferedWithheld: ("vacancy {1} was not offered to the municipality: it was withheld ({2}) (accepted: a vacancy offered to the municipality)",
                    "ledig bolig {1} blev ikke tilbudt kommunen: den blev tilbageholdt ({2}) (mulige: en bolig, der er tilbudt kommunen)")
        case .errNotOfferedRoute: ("vacancy {1} was not offered to the municipality: it is let by {2} (accepted: a vacancy offered to the municipality)",
                    "ledig bolig {1} blev ikke tilbudt kommunen: den udlejes efter {2} (mulige: en bolig, der er tilbudt kommunen)")
        case .errAlreadySettled: ("vacancy {1} is already answered: {2} on {3} (to change it: `void {1} --settlement --reason …`, then settle again)",
                    "ledig bolig {1} er allerede besvaret: {2} den {3} (for at ændre det: `void {1} --settlement --reason …`, og besvar igen)")
        case .errSettledBefore: ("--date {1} is before the date of vacancy {2}, {3} (accepted: {3} or later)",
                    "--date {1} er før datoen for ledig bolig {2}, {3} (mulige: {3} eller senere)")
        case .errVacancyVoid: ("vacancy {1} is void (voided by {2}: {3}) (accepted: an active vacancy)",
                    "ledig bolig {1} er annulleret (af {2}: {3}) (mulige: en ledig bolig, der ikke er annulleret)")
        case .errOutsideAgreement: ("{1} {2} is outside every loaded agreement period (R7; accepted: a date in {3})",
                    "{1} {2} ligger uden for alle indlæste aftaleperioder (R7; mulige: en dato i {3})")
        case .errForbidden: ("your token ({1}) may not {2}{3} (accepted: {4})",
                    "din nøgle ({1}) må ikke {2}{3} (mulige: {4})")
        case .errClerkOf: ("a clerk of {1}",
                    "en medarbejder i {1}")
        case .errRole: ("the {1} role",
                    "rollen {1}")
        case .errIn: (" in {1}",
                    " i {1}")
        case .errAllowedClerk: ("log and void in {1}'s departments, and read",
                    "registrere og annullere i {1}s afdelinger, og læse")
        case .errAllowedMunicipality: ("settle and void --settlement, and read",
                    "besvare og annullere svar (void --settlement), og læse")
        case .errAllowedAuditor: ("read only",
                    "kun læse")
        case .errAllowedAdmin: ("departments, placements, policies and tokens, and read",
                    "afdelinger, placeringer, aftaler og nøgler, og læse")
        case .errNoToken: ("no token was given",
                    "der er ikke givet nogen nøgle")
        case .errUnknownToken: ("the token is not one this ledger issued",
                    "nøglen er ikke udstedt af denne protokol")
        case .errRevokedToken: ("the token has been revoked",
                    "nøglen er tilbagekaldt")
        case .errExpiredToken: ("the token has expired",
                    "nøglen er udløbet")
        case .errUnauthenticated: ("{1} (accepted: a token from `vacancy-ledger token issue`, in $VACANCY_LEDGER_TOKEN or the Authorization: Bearer header)",
                    "{1} (mulige: en nøgle fra `vacancy-ledger token issue`, i $VACANCY_LEDGER_TOKEN eller i headeren Authorization: Bearer)")
        case .errNoLedger: ("no ledger at {1} (run `vacancy-ledger init` first, or pass --db PATH)",
                    "ingen protokol i {1} (kør først `vacancy-ledger init`, eller angiv --db STI)")
        case .errLocked: ("the ledger stayed locked by another writer for more than {1} s; nothing was written, try again",
                    "protokollen var låst af en anden skriver i mere end {1} s; intet er skrevet, prøv igen")
        case .errImportRejected: ("the import file has {1} bad lines; nothing was written: {2}{3}",
                    "importfilen har {1} fejlende linjer; intet er skrevet: {2}{3}")
        case .errImportForbidden: ("the import file has {1} lines your token may not write; nothing was written: {2}{3}",
                    "importfilen har {1} linjer, din nøgle ikke må skrive; intet er skrevet: {2}{3}")
        case .errMoreInReport: ("; … (--report FILE lists every one)",
                    "; … (--report FIL viser dem alle)")
        case .errAtLine: ("line {1}, {2}",
                    "linje {1}, {2}")
        case .errBadDate: ("{1} {2} is not a real calendar date (accepted: YYYY-MM-DD, DD-MM-YYYY or D.M.YYYY, e.g. 2024-03-01, 01-03-2024 or 1.3.2024)",
                    "{1} {2} er ikke en rigtig dato (mulige: ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller D.M.ÅÅÅÅ, fx 2024-03-01, 01-03-2024 eller 1.3.2024)")
        case .errDateOutside: ("{1} {2} is outside the dates the ledger accepts (accepted: {3} – {4})",
                    "{1} {2} ligger uden for de datoer, protokollen tager imod (mulige: {3} – {4})")
        case .errEmpty: ("{1} {2} is empty (accepted: 1–{3} characters, not only blanks)",
                    "{1} {2} er tom (mulige: 1–{3} tegn, ikke kun mellemrum)")
        case .errNotAllowedChar: ("{1} {2} holds the character {3} (accepted: letters, digits, spaces and {4})",
                    "{1} {2} indeholder tegnet {3} (mulige: bogstaver, cifre, mellemrum og {4})")
        case .errTooLong: ("{1} {2} is {3} characters long (accepted: 1–{4} characters)",
                    "{1} {2} er {3} tegn lang (mulige: 1–{4} tegn)")
        case .errMalformedID: ("{1} {2} is malformed (accepted: {3})",
                    "{1} {2} er forkert skrevet (mulige: {3})")
        case .errInvalid: ("{1} {2} (accepted: {3})",
                    "{1} {2} (mulige: {3})")
        case .errUnknownExtension: ("{1}: .{2} is not a format this writes; nothing was written (accepted: .json, .csv, .txt, or --format)",
                    "{1}: .{2} er ikke et format, der kan skrives; intet er skrevet (mulige: .json, .csv, .txt eller --format)")
        case .errExists: ("{1} exists; nothing was written (accepted: a new file name)",
                    "{1} findes allerede; intet er skrevet (mulige: et nyt filnavn)")
        case .pageHeading: ("One in three: compliance now",
                    "Hver tredje: status nu")
        case .pageIntro: ("Every department and agreement period, from the ledger's figures as of {1}.",
                    "Alle afdelinger og aftaleperioder, efter protokollens tal pr. {1}.")
        case .pageStatus: ("Status",
                    "Status")
        case .pageStep: ("Step",
                    "Trin")
        case .tileDepartmentPeriods: ("department periods",
                    "afdelingsperioder")
        case .tileVacancies: ("vacancies",
                    "ledige boliger")
        case .tileRealised: ("realised referral",
                    "realiseret anvisning")
        case .tilePending: ("offers awaiting an answer",
                    "tilbud, der afventer svar")
        case .tileAtLimit: ("at the limit",
                    "ved grænsen")
        case .tileBreach: ("in breach",
                    "brud")
        case .pagePerDepartment: ("Per department: the whole agreement period, so far",
                    "Pr. afdeling: hele aftaleperioden indtil nu")
        case .pageShareChart: ("Realised referral per department in {1}, against one in three",
                    "Realiseret anvisning pr. afdeling i {1}, mod hver tredje")
        case .pageRouteMix: ("Lettings per step in {1}, {2}",
                    "Udlejning pr. trin i {1}, {2}")
        case .pageMonths: ("Vacancies per month in {1}, {2}",
                    "Ledige boliger pr. måned i {1}, {2}")
        case .pageChosenDepartments: ("the departments chosen above",
                    "de valgte afdelinger")
        case .pageWholeCity: ("the whole city",
                    "hele kommunen")
        case .pageNoCharts: ("No figures for {1}.",
                    "Ingen tal for {1}.")
        case .pageChartsNote: ("The charts count vacancies dated in {1} only; the tiles and the table above count the whole agreement period.",
                    "Graferne tæller kun ledige boliger dateret i {1}; tallene og tabellen ovenfor tæller hele aftaleperioden.")
        case .pageDaysWaiting: ("days waiting",
                    "dages ventetid")
        case .pageDate: ("Date",
                    "Dato")
        case .pageSignInElsewhere: ("Sign in from this page, not from another site.",
                    "Log ind fra denne side, ikke fra et andet websted.")
        case .pageSignOutElsewhere: ("Sign out from this page, not from another site.",
                    "Log ud fra denne side, ikke fra et andet websted.")
        case .pagePasteToken: ("Paste the token you were issued, then sign in.",
                    "Indsæt den nøgle, du har fået udstedt, og log ind.")
        case .pageTokenUnknown: ("That token is not one this ledger issued. Check that you pasted all of it, from vl_ to the end.",
                    "Den nøgle er ikke udstedt af denne protokol. Kontrollér, at du har indsat det hele, fra vl_ til enden.")
        case .pageTokenRevoked: ("That token has been revoked. Ask the ledger's administrator for a new one.",
                    "Den nøgle er tilbagekaldt. Bed protokollens administrator om en ny.")
        case .pageTokenExpired: ("That token has expired. Ask the ledger's administrator for a new one.",
                    "Den nøgle er udløbet. Bed protokollens administrator om en ny.")
        case .pageTokenRefused: ("The token was not accepted.",
                    "Nøglen blev ikke godtaget.")
        case .pageLoginTitle: ("Vacancy ledger: sign in",
                    "Boligprotokol: log ind")
        case .pageAppName: ("Vacancy ledger",
                    "Boligprotokol")
        case .pageClerkOf: ("clerk of {1}",
                    "medarbejder i {1}")
        case .roleMunicipality: ("the municipality",
                    "kommunen")
        case .roleAuditor: ("auditor",
                    "revisor")
        case .roleAdmin: ("administrator",
                    "administrator")
        case .pageS1: ("Not recorded: answering '{1}' on {2} would give the municipality {3} of {4} vacancies in {5} by {6}, more than one in {7}. Answer 'returned' instead{8}.",
                    "Ikke registreret: svaret '{1}' den {2} ville give kommunen {3} af {4} ledige boliger i {5} pr. {6}, mere end hver {7}. Svar i stedet 'returneret'{8}.")
        case .pageS1Later: (", or give a date on or after {1}",
                    ", eller angiv en dato den {1} eller senere")
        case .pageComplianceTitle: ("Vacancy ledger: compliance",
                    "Boligprotokol: status")
        case .pageSortedBy: ("sorted by {1}",
                    "sorteret efter {1}")
        case .pageFilters: ("Choose departments and year",
                    "Vælg afdelinger og år")
        case .pageQueueFor: ("Answer for vacancy {1}",
                    "Svar for ledig bolig {1}")
        case .help1: ("The append-only ledger of Copenhagen's public family-housing vacancies and their letting routes.",
                    "Protokollen over Københavns ledige almene familieboliger og hvordan de udlejes.")
        case .help2: ("The year-end summary per step, staircase, organisation and the city.",
                    "Årsopgørelsen pr. trin, trappe, boligorganisation og for hele kommunen.")
        case .help3: ("The municipality's queue: offers made, oldest first, with the days each has waited.",
                    "Kommunens kø: tilbud, ældste først, med antal dages ventetid.")
        case .help4: ("Print the ledger's checkpoint (sequence number, head hash, counts) as one line, signed when a key is configured.",
                    "Skriv protokollens kontrolpunkt (løbenummer, seneste hash, antal) på én linje, signeret når der er en nøgle.")
        case .help5: ("Print (or write) a checkpoint line.",
                    "Skriv et kontrolpunkt (eller gem det i en fil).")
        case .help6: ("Make an Ed25519 key pair for signing checkpoints: FILE (private, mode 0600) and FILE.pub.",
                    "Lav et Ed25519-nøglepar til at signere kontrolpunkter: FIL (privat, tilstand 0600) og FIL.pub.")
        case .help7: ("Void a vacancy (with its settlement), or only its settlement, by a correction entry.",
                    "Annullér en ledig bolig (med sit svar) eller kun svaret, med en rettelse.")
        case .help8: ("Create or upgrade a ledger and load a policy (the built-in Copenhagen 2024–2027 by default).",
                    "Opret eller opgradér en protokol og indlæs en aftale (som standard den indbyggede København 2024–2027).")
        case .help9: ("Expected vacancies and lettings per route for a year, per step and for the city.",
                    "Forventede ledige boliger og udlejninger pr. udlejningsform for et år, pr. trin og for kommunen.")
        case .help10: ("Issue, list, rotate and revoke the service's tokens (run against the file, or as an admin through the service).",
                    "Udsted, vis, forny og tilbagekald tjenestens nøgler (mod filen, eller som administrator gennem tjenesten).")
        case .help11: ("Issue a token and print its secret, once.",
                    "Udsted en nøgle og vis dens hemmelighed én gang.")
        case .help12: ("Revoke a token and issue its holder a new secret (same name, role, organisation and expiry), at once.",
                    "Tilbagekald en nøgle og giv indehaveren en ny (samme navn, rolle, boligorganisation og udløb) med det samme.")
        case .help13: ("List tokens (never their secrets).",
                    "Vis nøgler (aldrig deres hemmeligheder).")
        case .help14: ("Revoke a token for good.",
                    "Tilbagekald en nøgle for altid.")
        case .help15: ("Record the municipality's outcome on an offer.",
                    "Registrér kommunens svar på et tilbud.")
        case .help16: ("Build a sample ledger from the embedded sample data and print its audit.",
                    "Byg en eksempelprotokol af de indbyggede eksempeldata og vis dens status.")
        case .help17: ("Say why a vacancy got its route: placement, position, counters, rule ids.",
                    "Forklar hvorfor en ledig bolig udlejes som den gør: placering, plads, tal og regler.")
        case .help18: ("Import a housing association's vacancies (and the municipality's answers) from a CSV file.",
                    "Importér en boligorganisations ledige boliger (og kommunens svar) fra en CSV-fil.")
        case .help19: ("Place departments from the state's indicators (P1–P5, Figure 3), and explain a placement.",
                    "Placér afdelinger ud fra statens indikatorer (P1–P5), og forklar en placering.")
        case .help20: ("Compute every department's staircase and step from an indicators file and record them from a date.",
                    "Beregn alle afdelingers trappe og trin ud fra en indikatorfil, og registrér dem fra en dato.")
        case .help21: ("Show which values put a department on its staircase and step.",
                    "Vis hvilke værdier der placerer en afdeling på dens trappe og trin.")
        case .help22: ("Write the generated sample city's departments and indicators (seeded, deterministic).",
                    "Skriv eksempelkommunens afdelinger og indikatorer (med frø, altid ens).")
        case .help23: ("Copy the ledger consistently with SQLite's online backup API while clerks keep writing.",
                    "Kopiér protokollen sikkert med SQLites online backup, mens medarbejderne bliver ved med at skrive.")
        case .help24: ("List logged vacancies as they stand now (voided ones marked), with who logged them.",
                    "Vis registrerede ledige boliger som de står nu (annullerede markeret), med hvem der registrerede dem.")
        case .help25: ("Export the lettings realised in a calendar year, with the offers still pending at its end.",
                    "Eksportér udlejningerne i et kalenderår, med de tilbud der stadig afventer svar ved årets udgang.")
        case .help26: ("Log a vacancy and be told its route.",
                    "Registrér en ledig bolig, og få at vide hvordan den skal udlejes.")
        case .help27: ("Add, place, import, list and show departments (boligafdelinger).",
                    "Opret, placér, importér, vis og forklar afdelinger (boligafdelinger).")
        case .help28: ("Add a department with its first placement.",
                    "Opret en afdeling med dens første placering.")
        case .help29: ("Record a complete new placement, effective from a date (flags left out are off).",
                    "Registrér en hel ny placering fra en dato (udeladte kendetegn er slået fra).")
        case .help30: ("Import departments from CSV, all or nothing.",
                    "Importér afdelinger fra CSV, alle eller ingen.")
        case .help31: ("List departments with their latest placement.",
                    "Vis afdelinger med deres seneste placering.")
        case .help32: ("Show a department: placements and counters.",
                    "Vis en afdeling: placeringer og tal.")
        case .help34: ("Serve the ledger to the city: a JSON API (/v1, /openapi.yaml) and the auditor's page (/), with tokens and roles.",
                    "Stil protokollen til rådighed for kommunen: et JSON-API (/v1, /openapi.yaml) og revisorsiden (/), med nøgler og roller.")
        case .help35: ("One-in-three compliance per department and agreement period, rolled up on request.",
                    "Hver tredje: status pr. afdeling og aftaleperiode, samlet på ønske.")
        case .help36: ("List loaded policy versions, or print a policy file to edit.",
                    "Vis indlæste aftaleversioner, eller skriv en aftalefil til redigering.")
        case .help37: ("List the loaded policy versions.",
                    "Vis de indlæste aftaleversioner.")
        case .help38: ("Print the latest loaded policy file (or the built-in one with --default), comments included.",
                    "Skriv den senest indlæste aftalefil (eller den indbyggede med --default), med kommentarer.")
        case .chartShareLabel: ("Realised referral share per department, the {1} to look at first",
                    "Realiseret anvisningsandel pr. afdeling, de {1} der skal ses på først")
        case .chartOneIn: ("one in {1} ({2})",
                    "hver {1}. ({2})")
        case .chartInBreach: ("in breach",
                    "brud")
        case .chartAtLimit: ("at the limit",
                    "ved grænsen")
        case .chartWithin: ("within the limit",
                    "inden for grænsen")
        case .chartMoreFailing: ("{1} more departments, {2} of them at the limit or in breach (see the table)",
                    "{1} afdelinger mere, heraf {2} ved grænsen eller med brud (se tabellen)")
        case .chartMoreWithin: ("{1} more departments, all within the limit",
                    "{1} afdelinger mere, alle inden for grænsen")
        case .chartRouteMix: ("Lettings per step",
                    "Udlejning pr. trin")
        case .chartRealisedReferral: ("referral (realised)",
                    "anvisning (realiseret)")
        case .chartPendingOffers: ("pending offers",
                    "ubesvarede tilbud")
        case .chartMonths: ("Vacancies per month",
                    "Ledige boliger pr. måned")
        case .monthNames: ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
                    "jan feb mar apr maj jun jul aug sep okt nov dec")
        case .reportTitle: ("Vacancy ledger {1}",
                    "Boligprotokol {1}")
        case .reportPageHeading: ("Vacancies and letting routes {1}",
                    "Ledige boliger og udlejning {1}")
        case .reportCitySummary: ("{1} vacancies in {2} departments; realised municipal referral {3}; flexible lettings {4}.",
                    "{1} ledige boliger i {2} afdelinger; realiseret kommunal anvisning {3}; fleksibel udlejning {4}.")
        case .reportNoDepartments: ("No departments.",
                    "Ingen afdelinger.")
        case .reportDatedIn: ("Vacancies dated in {1}, routes as they stand now.",
                    "Ledige boliger dateret i {1}, udlejning som den står nu.")
        case .reportShareHeading: ("Realised referral per department, against one in three",
                    "Realiseret anvisning pr. afdeling, mod hver tredje")
        case .reportSummaryHeading: ("Summary",
                    "Opgørelse")
        case .reportGroup: ("group",
                    "gruppe")
        case .reportTightenedFlexible: ("Tightened lettings (skærpede kriterier) are flexible lettings too: the flexible share counts flexible and tightened lettings together, of all lettings.",
                    "Udlejning efter skærpede kriterier er også fleksibel udlejning: den fleksible andel tæller begge dele sammen, af alle udlejninger.")
        case .reportLBFShort: ("Landsbyggefonden categories [assumed mapping]: {1}",
                    "Landsbyggefondens kategorier [antaget opdeling]: {1}")
        case .errDepartmentExists: ("department {1} already exists (accepted: a new id; use `department place` to move it)",
                    "afdeling {1} findes allerede (mulige: et nyt id; brug `department place` for at flytte den)")
        case .errNoSettlement: ("vacancy {1} has no settlement to void (accepted: a settled offer; without --settlement the vacancy itself is voided)",
                    "ledig bolig {1} har intet svar at annullere (mulige: et besvaret tilbud; uden --settlement annulleres selve boligen)")
        case .errPolicyFile: ("malformed policy file: {1}",
                    "aftalefilen er forkert skrevet: {1}")
        case .errCycleChanged: ("policy changes referralCap.every or rehousing.every within period {1} (accepted: the values of version {2}, {3} and {4}; logged vacancies depend on them)",
                    "aftalen ændrer referralCap.every eller rehousing.every inden for perioden {1} (mulige: værdierne fra version {2}, {3} og {4}; registrerede ledige boliger afhænger af dem)")
        case .errPeriodOverlaps: ("policy period {1} overlaps the loaded period {2} (accepted: the same period, or one that does not overlap)",
                    "aftaleperioden {1} overlapper den indlæste periode {2} (mulige: samme periode eller en, der ikke overlapper)")
        case .errLine: ("line {1}",
                    "linje {1}")
        case .errTokenUnknownID: ("unknown token {1} (accepted: a token id shown by `token list`)",
                    "ukendt nøgle {1} (mulige: et nøgle-id, som `token list` viser)")
        case .errTokenRevokedAt: ("token {1} was already revoked at {2} (accepted: a token that is in force; see `token list`)",
                    "nøgle {1} blev allerede tilbagekaldt {2} (mulige: en gyldig nøgle; se `token list`)")
        case .errTokenNameTaken: ("the name {1} is taken by token {2}, which is in force (accepted: a name no token in force has, or `token revoke {2}` first)",
                    "navnet {1} bruges af nøgle {2}, som er gyldig (mulige: et navn, ingen gyldig nøgle har, eller først `token revoke {2}`)")
        case .errUnknownOrganisation: ("unknown organisation {1} (accepted: the prefix of a department id: {2})",
                    "ukendt boligorganisation {1} (mulige: begyndelsen af et afdelings-id: {2})")
        case .errNoAgreement: ("no agreement period is loaded (run `vacancy-ledger init`, or `init --policy FILE`)",
                    "ingen aftaleperiode er indlæst (kør `vacancy-ledger init` eller `init --policy FIL`)")
        case .errNotDemo: ("{1} is a ledger with entries not made by the demo; the demo never replaces it (accepted: a new path, or a previous demo ledger)",
                    "{1} er en protokol med posteringer, som demoen ikke har lavet; demoen erstatter den aldrig (mulige: en ny sti eller en tidligere demoprotokol)")
        case .errNotSQLite: ("{1} is not an SQLite database (accepted: a ledger file, or a new path)",
                    "{1} er ikke en SQLite-database (mulige: en protokolfil eller en ny sti)")
        case .errNotALedger: ("{1} is an SQLite file but not a vacancy ledger (accepted: a ledger file, or a new path)",
                    "{1} er en SQLite-fil, men ikke en boligprotokol (mulige: en protokolfil eller en ny sti)")
        case .errNotInitialised: ("{1} is not an initialised vacancy ledger (run `vacancy-ledger init --db {2}` to finish it)",
                    "{1} er ikke en færdig boligprotokol (kør `vacancy-ledger init --db {2}` for at gøre den færdig)")
        case .errNewerSchema: ("{1} was written by a newer version of vacancy-ledger (accepted: a ledger of schema {2} or older)",
                    "{1} er skrevet af en nyere version af vacancy-ledger (mulige: en protokol med skema {2} eller ældre)")
        case .errOlderSchema: ("{1} was written by an older version (run `vacancy-ledger init --db {2}` to upgrade it)",
                    "{1} er skrevet af en ældre version (kør `vacancy-ledger init --db {2}` for at opgradere den)")
        case .errCrashJournal: ("{1} has an unfinished transaction from a crash ({2}-journal); run `vacancy-ledger init --db {2}` where the file can be written, to roll it back",
                    "{1} har en ufærdig transaktion efter et nedbrud ({2}-journal); kør `vacancy-ledger init --db {2}` der, hvor filen kan skrives, for at rulle den tilbage")
        case .errWALNoSHM: ("{1} has a write-ahead log (-wal) but no -shm, in a place this user cannot write (accepted: a copy made with `vacancy-ledger backup`, or the ledger where it can be written)",
                    "{1} har en skrivelog (-wal), men ingen -shm, et sted denne bruger ikke kan skrive (mulige: en kopi lavet med `vacancy-ledger backup`, eller protokollen der, hvor den kan skrives)")
        case .errDamaged: ("the ledger is damaged: {1} (run `vacancy-ledger verify`)",
                    "protokollen er beskadiget: {1} (kør `vacancy-ledger verify`)")
        case .errConstraint: ("the database refused the entry ({1}); nothing was written",
                    "databasen afviste posteringen ({1}); intet er skrevet")
        case .errInterrupted: ("the read was stopped: its client went away or its answer ran out of time; nothing was written (accepted: the request again, or a narrower one)",
                    "læsningen blev stoppet: klienten gik, eller svaret tog for lang tid; intet er skrevet (mulige: samme forespørgsel igen eller en mindre)")
        case .errTheLedger: ("the ledger {1}",
                    "protokollen {1}")
        case .errIO: ("{1}: {2}; nothing was written",
                    "{1}: {2}; intet er skrevet")
        case .errDatabase: ("database error: {1}",
                    "databasefejl: {1}")
        case .errYearOutside: ("{1} {2} is outside the years the ledger accepts (accepted: {3}–{4})",
                    "{1} {2} ligger uden for de år, protokollen tager imod (mulige: {3}–{4})")
        case .errControlChar: ("{1} {2} holds the control character {3} (accepted: 1–{4} printable characters on one line)",
                    "{1} {2} indeholder styretegnet {3} (mulige: 1–{4} skrivbare tegn på én linje)")
        case .fileNotCSV: ("not valid CSV ({1})",
                    "ikke gyldig CSV ({1})")
        case .fileHeader: ("header is {1}",
                    "overskriften er {1}")
        case .fileColumns: ("{1} columns",
                    "{1} kolonner")
        case .fileNotCheckpoint: ("not a checkpoint",
                    "ikke et kontrolpunkt")
        case .fileEmpty: ("holds no checkpoint",
                    "indeholder intet kontrolpunkt")
        case .fileNotKey: ("not an Ed25519 key",
                    "ikke en Ed25519-nøgle")
        case .fileUnreadable: ("no readable file there",
                    "ingen læsbar fil der")
        case .fileNotUTF8: ("not UTF-8 text",
                    "ikke UTF-8-tekst")
        case .ioFolderMissing: ("cannot write it: the folder {1} does not exist",
                    "kan ikke skrive den: mappen {1} findes ikke")
        case .ioPermission: ("cannot write it: permission denied (this user may not write in {1})",
                    "kan ikke skrive den: adgang nægtet (denne bruger må ikke skrive i {1})")
        case .ioReadOnly: ("cannot write it: the file system is read-only",
                    "kan ikke skrive den: filsystemet er skrivebeskyttet")
        case .ioDiskFull: ("cannot write it: the disk is full",
                    "kan ikke skrive den: disken er fuld")
        case .ioQuota: ("cannot write it: the disk quota is used up",
                    "kan ikke skrive den: diskkvoten er brugt op")
        case .ioNotAFolder: ("cannot write it: a part of the path is not a folder",
                    "kan ikke skrive den: en del af stien er ikke en mappe")
        case .ioIsAFolder: ("cannot write it: it is a folder",
                    "kan ikke skrive den: det er en mappe")
        case .ioNameTooLong: ("cannot write it: the name is too long",
                    "kan ikke skrive den: navnet er for langt")
        case .outIsLedger: ("{1} is the ledger itself; nothing was written (accepted: a new file, or a report file to replace)",
                    "{1} er selve protokollen; intet er skrevet (mulige: en ny fil eller en rapportfil, der må erstattes)")
        case .outIsDatabase: ("{1} is an SQLite database and is never overwritten; nothing was written (accepted: a new file, or a report file to replace)",
                    "{1} er en SQLite-database og overskrives aldrig; intet er skrevet (mulige: en ny fil eller en rapportfil, der må erstattes)")
        case .outIsFolder: ("{1} is a folder; nothing was written (accepted: a file name)",
                    "{1} er en mappe; intet er skrevet (mulige: et filnavn)")
        case .outAppeared: ("{1} appeared while the copy was made; nothing was written (accepted: a new file name)",
                    "{1} dukkede op, mens kopien blev lavet; intet er skrevet (mulige: et nyt filnavn)")
        case .outKeyExists: ("{1} exists; a key is never overwritten (accepted: a new file name)",
                    "{1} findes; en nøgle overskrives aldrig (mulige: et nyt filnavn)")
        case .optAPolicyFileYAML: ("A policy file (YAML with comments; see `vacancy-ledger policy show --default`).",
                    "En aftalefil (YAML med kommentarer; se `vacancy-ledger policy show --default`).")
        case .optAServedLedgerVacancy: ("A served ledger (`vacancy-ledger serve`) to use instead of a file; the token comes from $VACANCY_LEDGER_TOKEN.",
                    "En protokol, der stilles til rådighed (`vacancy-ledger serve`), i stedet for en fil; nøglen kommer fra $VACANCY_LEDGER_TOKEN.")
        case .optAlsoProveThatThe: ("Also prove that the ledger still extends every checkpoint in these files.",
                    "Bevis også, at protokollen stadig bygger videre på hvert kontrolpunkt i disse filer.")
        case .optAlsoWriteASelf: ("Also write a self-contained HTML page with charts.",
                    "Skriv også en selvstændig HTML-side med grafer.")
        case .optBytesAnImportFile: ("Bytes an import file sent to /v1/import may have.",
                    "Bytes, en importfil sendt til /v1/import må fylde.")
        case .optBytesPerSecondA: ("Bytes per second a request body must keep up, measured over each --request-timeout.",
                    "Bytes pr. sekund, en forespørgsels indhold mindst skal komme med, målt over hver --request-timeout.")
        case .optCheckAnExportFile: ("Check an export file (CSV, Excel CSV or JSON) against the ledger.",
                    "Kontrollér en eksportfil (CSV, Excel-CSV eller JSON) mod protokollen.")
        case .optCheckOnlyWhatWas: ("Check only what was appended after the checkpoint in this file (and the checkpoint itself): a nightly check that costs seconds. SQLite's page check is left to a full verify.",
                    "Kontrollér kun, hvad der er tilføjet efter kontrolpunktet i denne fil (og selve kontrolpunktet): en natlig kontrol, der tager sekunder. SQLites sidekontrol overlades til en fuld kontrol.")
        case .optRequireEveryCheckpointOr: ("Require every checkpoint, or the export, to be signed with this key (a .pub file from `checkpoint keygen`). With --export and no ledger, only the signature is checked.",
                    "Kræv, at hvert kontrolpunkt eller eksporten er signeret med denne nøgle (en .pub-fil fra `checkpoint keygen`). Med --export og uden protokol kontrolleres kun signaturen.")
        case .optSignCheckpointsWithThis: ("Sign checkpoints with this Ed25519 key file (default: $VACANCY_LEDGER_CHECKPOINT_KEY).",
                    "Signér kontrolpunkter med denne Ed25519-nøglefil (standard: $VACANCY_LEDGER_CHECKPOINT_KEY).")
        case .optSignTheExportWith: ("Sign the export with this Ed25519 checkpoint key (default: $VACANCY_LEDGER_CHECKPOINT_KEY, else unsigned; through --server the service signs with its own).",
                    "Signér eksporten med denne Ed25519-nøgle (standard: $VACANCY_LEDGER_CHECKPOINT_KEY, ellers usigneret; gennem --server signerer tjenesten med sin egen).")
        case .optTheCSVFileOr: ("The CSV file, or - for standard input.",
                    "CSV-filen, eller - for standardinput.")
        case .optTheEd25519PrivateKey: ("The Ed25519 private key file (default: $VACANCY_LEDGER_CHECKPOINT_KEY, else unsigned).",
                    "Den private Ed25519-nøglefil (standard: $VACANCY_LEDGER_CHECKPOINT_KEY, ellers usigneret).")
        case .optTheDemoLedgerFile: ("The demo ledger file (replaced if it is a ledger).",
                    "Demoprotokollens fil (erstattes, hvis den er en protokol).")
        case .optTheFolderToWrite: ("The folder to write into.",
                    "Mappen, der skal skrives i.")
        case .optTheLedgerFile: ("The ledger file.",
                    "Protokolfilen.")
        case .optTheNewFileTo: ("The new file to write the copy to.",
                    "Den nye fil, kopien skal skrives til.")
        case .optThePrivateKeyFile: ("The private key file to create.",
                    "Den private nøglefil, der skal oprettes.")
        case .optWhoRecordsTheEntry: ("Who records the entry (default: $USER, else unknown).",
                    "Hvem der registrerer posteringen (standard: $USER, ellers ukendt).")
        case .optWriteEveryListedLine: ("Write every listed line to this file (.csv or .json).",
                    "Skriv alle oplistede linjer til denne fil (.csv eller .json).")
        case .optACalendarYear1: ("A calendar year (1 January – 31 December, Copenhagen time, inclusive).",
                    "Et kalenderår (1. januar – 31. december, dansk tid, begge dage med).")
        case .optADwellingReservedFor: ("A dwelling reserved for fixed referral (R5).",
                    "En bolig forbeholdt fast anvisning (R5).")
        case .optAlsoCountOffersPending: ("Also count offers pending longer than this many days.",
                    "Tæl også tilbud, der har ventet mere end så mange dage.")
        case .optAlsoRunSQLiteS: ("Also run SQLite's integrity_check and foreign_key_check over every page and index (O(N log N): the weekly check).",
                    "Kør også SQLites integrity_check og foreign_key_check over alle sider og indeks (O(N log N): den ugentlige kontrol).")
        case .optAlsoWriteTheLine: ("Also write the line to this file (replaced whole).",
                    "Skriv også linjen til denne fil (erstattes helt).")
        case .optAreaStep1The: ("Area step 1: the risk-zone criteria exceeded (R2), comma-separated: employment,convictions,education,income.",
                    "Områdetrappens trin 1: de overskredne risikozone-kriterier (R2), adskilt med komma: employment,convictions,education,income.")
        case .optComputeAndPrintThe: ("Compute and print the moves without recording them.",
                    "Beregn og vis flytningerne uden at registrere dem.")
        case .optConnectionsServedAtOnce: ("Connections served at once; one more is closed at once.",
                    "Forbindelser, der betjenes på én gang; én mere lukkes med det samme.")
        case .optDecideAndPrintWithout: ("Decide and print without writing (counters show what logging would give).",
                    "Afgør og vis uden at skrive (tallene viser, hvad registreringen ville give).")
        case .optDepartmentIdORGNUMBER: ("Department id ORG-NUMBER, e.g. AAB-15, ØBO-7, FSB-12A.",
                    "Afdelings-id ORG-NUMMER, fx AAB-15, ØBO-7, FSB-12A.")
        case .optDepartmentIdEG: ("Department id, e.g. AAB-15.",
                    "Afdelings-id, fx AAB-15.")
        case .optDepartmentId: ("Department id.",
                    "Afdelings-id.")
        case .optDepartmentStep1May: ("Department step 1: may withhold the fourth dwelling (G2).",
                    "Afdelingstrappens trin 1: kan tilbageholde den 4. bolig (G2).")
        case .optDepartmentStep2Exempt: ("Department step 2: exempt from extra delivery (G3).",
                    "Afdelingstrappens trin 2: fritaget for ekstra levering (G3).")
        case .optDepartmentStaircaseStepOn: ("Department-staircase step on the period's start (drives R3); default: the step, or the one already fixed for the period.",
                    "Trin på afdelingstrappen ved periodens start (styrer R3); standard: trinnet, eller det der allerede er fastlagt for perioden.")
        case .optDoEverythingAndReport: ("Do everything and report it, write nothing.",
                    "Gør det hele og vis det, men skriv intet.")
        case .optDwellingsReservedForFixed: ("Dwellings reserved for fixed referral (R5); department staircase only.",
                    "Boliger forbeholdt fast anvisning (R5); kun på afdelingstrappen.")
        case .optEffectiveDateYYYYMM: ("Effective date YYYY-MM-DD (default: the first day of the earliest agreement period).",
                    "Gælder fra ÅÅÅÅ-MM-DD (standard: første dag i den tidligste aftaleperiode).")
        case .optEffectiveDateOfThe: ("Effective date of the new placements, YYYY-MM-DD.",
                    "Datoen de nye placeringer gælder fra, ÅÅÅÅ-MM-DD.")
        case .optEventsPerTransaction: ("Events per transaction.",
                    "Hændelser pr. transaktion.")
        case .optEveryColumnOfThe: ("Every column of the table, however wide (else it fits $COLUMNS or the terminal, 100 when neither is known).",
                    "Alle tabellens kolonner, uanset bredde (ellers passer den til $COLUMNS eller terminalen, 100 når ingen af dem kendes).")
        case .optEveryColumnOfThe2: ("Every column of the tables, however wide (else they fit $COLUMNS or the terminal, 100 when neither is known).",
                    "Alle tabellernes kolonner, uanset bredde (ellers passer de til $COLUMNS eller terminalen, 100 når ingen af dem kendes).")
        case .optExcelFriendlyCSVSemicolons: ("Excel-friendly CSV: semicolons and a BOM.",
                    "Excel-venlig CSV: semikolon og BOM.")
        case .optExit4IfAny: ("Exit 4 if any department is in breach, naming each on stderr.",
                    "Afslut med 4, hvis en afdeling har brud, og nævn hver på stderr.")
        case .optFailExit65Unless: ("Fail (exit 65) unless the checkpoint is signed.",
                    "Fejl (afslut med 65), medmindre kontrolpunktet er signeret.")
        case .optFamilyDwellingsInThe: ("Family dwellings in the department.",
                    "Familieboliger i afdelingen.")
        case .optHoursASignIn: ("Hours a sign-in to the auditor's page lasts.",
                    "Timer et login på revisorsiden varer.")
        case .optImpliesStrictExit4: ("Implies --strict: exit 4 also if any department is at its limit.",
                    "Indebærer --strict: afslut også med 4, hvis en afdeling er ved grænsen.")
        case .optMarkThePageS: ("Mark the page's cookie Secure: the service sits behind TLS (README, Deployment).",
                    "Markér sidens cookie Secure: tjenesten står bag TLS (README, Deployment).")
        case .optMinutesWithoutARequest: ("Minutes without a request after which a page session ends.",
                    "Minutter uden forespørgsel, hvorefter en sidesession slutter.")
        case .optOnlyOffersAwaitingAn: ("Only offers awaiting an answer.",
                    "Kun tilbud, der afventer svar.")
        case .optOnlyOffersThatHave: ("Only offers that have waited more than this many days.",
                    "Kun tilbud, der har ventet mere end så mange dage.")
        case .optOnlyThisDepartment: ("Only this department.",
                    "Kun denne afdeling.")
        case .optOutputFormatTextOr: ("Output format: text or json.",
                    "Format: text eller json.")
        case .optRecordARealisedAnswer: ("Record a realised answer that S1 refuses, because it was carried out: a visible breach.",
                    "Registrér et realiseret svar, som S1 afviser, fordi det faktisk er sket: et synligt brud.")
        case .optRecordTheVoidEven: ("Record the void even if it breaks one in three (I1).",
                    "Registrér annulleringen, selv om den bryder hver tredje (I1).")
        case .optRollUpByDepartment: ("Roll up by department, step, staircase, organisation or city.",
                    "Saml pr. afdeling, trin, trappe, boligorganisation eller by.")
        case .optSecondsAReadMay: ("Seconds a read may take before its caller gets 503 (writes are bounded by the 30 s busy timeout instead).",
                    "Sekunder en læsning må tage, før den, der spørger, får 503 (skrivninger begrænses i stedet af låsens 30 s).")
        case .optSecondsARequestS: ("Seconds a request's headers may take to arrive, from its first byte or the previous answer.",
                    "Sekunder en forespørgsels headere må tage om at komme, fra første byte eller forrige svar.")
        case .optSecondsBeforeAnIdle: ("Seconds before an idle or stalled connection is closed.",
                    "Sekunder, før en ledig eller gået i stå forbindelse lukkes.")
        case .optShareOfItsOffers: ("Share of its offers the municipality uses (the agreement: about every other).",
                    "Den andel af tilbuddene, kommunen bruger (aftalen: omkring hvert andet).")
        case .optShareOfTheDwellings: ("Share of the dwellings that fall vacant in a year, e.g. 0.10.",
                    "Den andel af boligerne, der bliver ledige på et år, fx 0.10.")
        case .optStep12On: ("Step: 1–2 on the area staircase, 1–4 on the department staircase.",
                    "Trin: 1–2 på områdetrappen, 1–4 på afdelingstrappen.")
        case .optTheCSVFile: ("The CSV file.",
                    "CSV-filen.")
        case .optTheAddressToListen: ("The address to listen on.",
                    "Adressen, der lyttes på.")
        case .optTheBuiltInCopenhagen: ("The built-in Copenhagen 2024–2027 policy.",
                    "Den indbyggede aftale for København 2024–2027.")
        case .optTheCalendarYear: ("The calendar year.",
                    "Kalenderåret.")
        case .optTheCityGeneratorS: ("The city generator's seed.",
                    "Eksempelkommunens frø.")
        case .optTheClerkSOrganisation: ("The clerk's organisation (the prefix of its department ids, e.g. AAB).",
                    "Medarbejderens boligorganisation (begyndelsen af dens afdelings-id'er, fx AAB).")
        case .optTheDatePendingOver: ("The date --pending-over counts to (default: today in Copenhagen).",
                    "Datoen --pending-over tæller til (standard: i dag i København).")
        case .optTheDateDaysAre: ("The date days are counted to, YYYY-MM-DD (default: today in Copenhagen).",
                    "Datoen, dagene tælles til, ÅÅÅÅ-MM-DD (standard: i dag i København).")
        case .optTheDateOfThe: ("The date of the outcome, YYYY-MM-DD.",
                    "Datoen for svaret, ÅÅÅÅ-MM-DD.")
        case .optTheDepartmentSName: ("The department's name.",
                    "Afdelingens navn.")
        case .optTheDwellingUnitNumber: ("The dwelling (unit number or address).",
                    "Boligen (lejemålsnummer eller adresse).")
        case .optTheGeneratorSSeed: ("The generator's seed.",
                    "Generatorens frø.")
        case .optTheIndicatorsCSV: ("The indicators CSV.",
                    "Indikator-CSV-filen.")
        case .optTheLastDayIt: ("The last day it is accepted (YYYY-MM-DD, UTC); without it, until revoked.",
                    "Sidste dag, den godtages (ÅÅÅÅ-MM-DD, UTC); uden den, indtil den tilbagekaldes.")
        case .optThePlacementInForce: ("The placement in force on this date (default: the latest).",
                    "Placeringen, der gælder på denne dato (standard: den seneste).")
        case .optThePort0Any: ("The port (0: any free port, printed on start).",
                    "Porten (0: en hvilken som helst ledig port, vist ved start).")
        case .optTheSmallSample8: ("The small sample (8 departments, 156 vacancies) instead of the city.",
                    "Det lille eksempel (8 afdelinger, 156 ledige boliger) i stedet for kommunen.")
        case .optTheTokenIdToken: ("The token id (`token list`).",
                    "Nøglens id (`token list`).")
        case .optTheVacancyIdPrinted: ("The vacancy id printed by `log`.",
                    "Nummeret på den ledige bolig, som `log` viste.")
        case .optTheVacancyId: ("The vacancy id.",
                    "Nummeret på den ledige bolig.")
        case .optTheVacancySDate: ("The vacancy's date, YYYY-MM-DD.",
                    "Den ledige boligs dato, ÅÅÅÅ-MM-DD.")
        case .optTheYearDefaultThe: ("The year (default: the first year of the earliest agreement period).",
                    "Året (standard: første år i den tidligste aftaleperiode).")
        case .optVacanciesDatedFromYYYY: ("Vacancies dated from, YYYY-MM-DD (inclusive).",
                    "Ledige boliger dateret fra, ÅÅÅÅ-MM-DD (begge dage med).")
        case .optVacanciesDatedToYYYY: ("Vacancies dated to, YYYY-MM-DD (inclusive).",
                    "Ledige boliger dateret til, ÅÅÅÅ-MM-DD (begge dage med).")
        case .optVoidOnlyTheSettlement: ("Void only the settlement: the offer is pending again.",
                    "Annullér kun svaret: tilbuddet afventer igen svar.")
        case .optWhoseTokenRecordedAs: ("Whose token: recorded as `by` on every entry made with it.",
                    "Hvis nøgle: registreres som `by` på hver postering, der laves med den.")
        case .optWhyKeptInThe: ("Why (kept in the ledger).",
                    "Hvorfor (gemmes i protokollen).")
        case .optWindowEndYYYYMM: ("Window end, YYYY-MM-DD (Copenhagen time, inclusive).",
                    "Tidsrummets slutning, ÅÅÅÅ-MM-DD (dansk tid, dagen med).")
        case .optWindowStartYYYYMM: ("Window start, YYYY-MM-DD (Copenhagen time, inclusive).",
                    "Tidsrummets begyndelse, ÅÅÅÅ-MM-DD (dansk tid, dagen med).")
        case .optWriteToThisFile: ("Write to this file.",
                    "Skriv til denne fil.")
        case .optWriteToThisFile2: ("Write to this file; .json, .csv or .txt sets the format.",
                    "Skriv til denne fil; .json, .csv eller .txt bestemmer formatet.")
        case .optYourKeyForThis: ("Your key for this vacancy; unique in the department for ever (makes logging idempotent).",
                    "Din nøgle for denne ledige bolig; unik i afdelingen for altid (gør registreringen idempotent).")
        case .optAreaOmrDetrappenOr: ("area (områdetrappen) or department (afdelingstrappen).",
                    "`area` (områdetrappen) eller `department` (afdelingstrappen).")
        case .optClerkMunicipalityAuditorOr: ("clerk, municipality, auditor or admin.",
                    "`clerk`, `municipality`, `auditor` eller `admin`.")
        case .optCsvOrJsonDefault: ("csv or json (default: from --out's extension, else csv).",
                    "csv eller json (standard: efter --out's endelse, ellers csv).")
        case .optReferredRehousedOrReturned: ("referred, rehoused or returned.",
                    "`referred`, `rehoused` eller `returned`.")
        case .optTableOrJson: ("table or json.",
                    "table eller json.")
        case .optTableJsonOrCsv: ("table, json or csv (default: from -o's extension, else table).",
                    "table, json eller csv (standard: efter -o's endelse, ellers table).")
        case .optTableJsonOrCsv2: ("table, json or csv.",
                    "table, json eller csv.")
        case .optTextOrJsonThe: ("text or json (the listed lines and the summary on standard output).",
                    "text eller json (de oplistede linjer og opsummeringen på standardoutput).")
        case .optTextOrJson: ("text or json.",
                    "text eller json.")
        case .discMain: ("Every vacancy is logged once and told its route (municipal referral, flexible, tightened or ordinary letting) by the letting agreement 2024–2027; realised municipal referral never exceeds one in three vacancies per department. Exit codes: 0 success, 3 refused by a rule (S1, I1), 4 audit --strict breach or verify fault, 64 usage, 65 bad input or state conflict, 77 the token may not do this, 1 other failure. Every file a command writes is written whole or not at all, and never over the ledger or another SQLite database. Language: --lang en|da, VACANCY_LEDGER_LANG or LANG.",
                    "Hver ledig bolig registreres én gang og får at vide, hvordan den udlejes (kommunal anvisning, fleksibel udlejning efter almindelige eller skærpede kriterier, eller almindelig udlejning) efter udlejningsaftalen 2024–2027; realiseret kommunal anvisning overstiger aldrig hver tredje ledige bolig pr. afdeling. Afslutningskoder: 0 gennemført, 3 afvist af en regel (S1, I1), 4 audit --strict med brud eller fejl ved verify, 64 forkert brug, 65 forkerte data eller tilstand, 77 nøglen må ikke dette, 1 anden fejl. Hver fil, en kommando skriver, skrives helt eller slet ikke, og aldrig over protokollen eller en anden SQLite-database. Sprog: --lang da|en, VACANCY_LEDGER_LANG eller LANG.")
        case .discLog: ("Assigns the vacancy's number and decides its route in one write transaction. A --ref already used with the same unit, date and --reserved-unit prints that vacancy and writes nothing.",
                    "Giver den ledige bolig dens nummer og afgør, hvordan den udlejes, i én skrivetransaktion. En --ref, der allerede er brugt med samme lejemål, dato og --reserved-unit, viser den bolig og skriver intet.")
        case .discSettle: ("referred or rehoused is refused with exit 3 when it would make realised referral exceed one in three at the settlement date or any later date of the period, counted by the entries' dates (S1). Record returned instead; or, when the answer was in fact carried out (the household has moved in), record it with --force: the breach then shows in every audit of the period.",
                    "`referred` eller `rehoused` afvises med kode 3, hvis realiseret anvisning derved ville overstige hver tredje på svardatoen eller en senere dato i perioden, talt efter posteringernes datoer (S1). Registrér i stedet `returned`; eller, hvis svaret faktisk er gennemført (husstanden er flyttet ind), registrér det med --force: bruddet ses så i enhver kontrol af perioden.")
        case .discOffers: ("--pending lists only the offers awaiting an answer (settle them with `settle`). Days are counted to --as-of (default: today in Copenhagen), or to the answer for a settled offer.",
                    "--pending viser kun tilbud, der afventer svar (besvar dem med `settle`). Dagene tælles til --as-of (standard: i dag i København), eller til svaret for et besvaret tilbud.")
        case .discReport: ("Dwellings, vacancies dated in the year and their share of the dwellings, lettings per route, flexible share, realised referral share, and Landsbyggefonden's categories. --html FILE also writes one self-contained page with charts.",
                    "Boliger, ledige boliger dateret i året og deres andel af boligerne, udlejning pr. udlejningsform, fleksibel andel, realiseret anvisningsandel og Landsbyggefondens kategorier. --html FIL skriver også én selvstændig side med grafer.")
        case .discVoid: ("Nothing is deleted: the correction is appended with its reason and clerk. Voiding a vacancy that would break one in three is refused (exit 3) unless --force; a forced breach stays visible in every audit.",
                    "Intet slettes: rettelsen tilføjes med sin begrundelse og medarbejder. Annullering af en ledig bolig, der ville bryde hver tredje, afvises (kode 3) uden --force; et gennemtvunget brud forbliver synligt i enhver kontrol.")
        case .discInit: ("Idempotent: a policy whose content is already loaded changes nothing. New content for a loaded period becomes its next version, used for decisions from then on.",
                    "Kan gentages: en aftale, hvis indhold allerede er indlæst, ændrer intet. Nyt indhold for en indlæst periode bliver dens næste version og bruges til afgørelser fra da af.")
        case .discExport: ("A letting's date is its settlement date for an offer, else the vacancy's date. CSV is RFC 4180, UTF-8, ISO dates; --excel writes semicolons and a BOM for Danish Excel. Every row carries its entry's hash; the last CSV row (section total) and the JSON header give the row count and the ledger's head hash, so a recipient can run `vacancy-ledger verify --export FILE`. Signed (--key), the file ends with a signature line (CSV: a row of section signature; JSON: the key signature) that a recipient checks without any ledger: `verify --export FILE --public-key KEY.pub`.",
                    "En udlejnings dato er svardatoen for et tilbud, ellers den ledige boligs dato. CSV er RFC 4180, UTF-8, ISO-datoer; --excel skriver semikolon og BOM til dansk Excel. Hver række bærer sin posterings hash; sidste CSV-række (section total) og JSON-hovedet giver antal rækker og protokollens seneste hash, så en modtager kan køre `vacancy-ledger verify --export FIL`. Signeret (--key) slutter filen med en signaturlinje, som en modtager kontrollerer uden protokol: `verify --export FIL --public-key NØGLE.pub`.")
        case .discAudit: ("Without a window: every agreement period to date, from the stored counters. --year or --from/--to count the vacancies dated in the window — calendar dates in Copenhagen time, both ends inclusive — each with its outcome as it stands now; headroom and status are then the period's as of the window's last day. Status: breach (one in three broken at some date, counted by the entries' dates), at-limit (headroom 0 and something realised or pending), else ok.",
                    "Uden tidsrum: hver aftaleperiode indtil nu, efter de gemte tal. --year eller --from/--to tæller de ledige boliger dateret i tidsrummet — kalenderdage i dansk tid, begge ender med — hver med sit svar, som det står nu; råderum og status er så periodens pr. tidsrummets sidste dag. Status: brud (hver tredje overskredet på en dato, talt efter posteringernes datoer), ved grænsen (råderum 0 og noget realiseret eller afventende), ellers ok.")
        case .optDefaultDB: ("Default: $VACANCY_LEDGER_DB, else ./vacancy-ledger.sqlite.", "Standard: $VACANCY_LEDGER_DB, ellers ./vacancy-ledger.sqlite.")
        case .optDefaultServer: ("Default: $VACANCY_LEDGER_SERVER, unless --db is given.", "Standard: $VACANCY_LEDGER_SERVER, medmindre --db er angivet.")
        case .importDryRun: ("dry run, nothing written: ",
                    "prøve, intet skrevet: ")
        case .importSummary: ("{1} added, {2} already present, {3} settled, {4} disagreements, {5} refused",
                    "{1} tilføjet, {2} fandtes allerede, {3} besvaret, {4} uoverensstemmelser, {5} afvist")
        case .importColLine: ("line",
                    "linje")
        case .importColKind: ("kind",
                    "slags")
        case .importColFileSaid: ("file said",
                    "filen sagde")
        case .importColRulesSaid: ("rules said",
                    "reglerne sagde")
        case .checkRows: ("{1} lettings and {2} pending offers of {3}",
                    "{1} udlejninger og {2} ubesvarede tilbud fra {3}")
        case .checkHead: ("head {1}…",
                    "seneste {1}…")
        case .checkLater: ("; {1} of its rows were changed by later entries (listed)",
                    "; {1} af dens rækker er ændret af senere posteringer (vist)")
        case .checkOK: ("ok: {1}: every field of every row matches the ledger at entry {2} ({3}){4}",
                    "ok: {1}: hvert felt i hver række stemmer med protokollen ved postering {2} ({3}){4}")
        case .checkOKSignatureOnly: ("ok: {1}, {2}: the signature holds; no ledger here, so the rows were checked against the signature only",
                    "ok: {1}, {2}: signaturen holder; her er ingen protokol, så rækkerne er kun kontrolleret mod signaturen")
        case .accCalendarDate: ("YYYY-MM-DD, DD-MM-YYYY or D.M.YYYY, a real calendar date",
                    "ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller D.M.ÅÅÅÅ, en rigtig dato")
        case .accFileDateForm: ("{1}, the form of line {2} (one form throughout the file)",
                    "{1}, formen fra linje {2} (én form i hele filen)")
        case .accFileDate: ("YYYY-MM-DD or DD-MM-YYYY, a real calendar date",
                    "ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ, en rigtig dato")
        case .accText: ("1–{1} printable characters, not only blanks",
                    "1–{1} skrivbare tegn, ikke kun mellemrum")
        case .accWholeNumber: ("a whole number, {1} or more",
                    "et helt tal, {1} eller mere")
        case .accShare: ("a decimal number 0–1 (a share, 0.25 = 25 %)",
                    "et decimaltal 0–1 (en andel, 0.25 = 25 %)")
        case .accDecimal: ("a decimal number 0–{1}",
                    "et decimaltal 0–{1}")
        case .accRate: ("a share of the dwellings, 0 < rate ≤ 1, e.g. 0.10",
                    "en andel af boligerne, 0 < andel ≤ 1, fx 0.10")
        case .accStep: ("1–2 on area, 1–4 on department",
                    "1–2 på områdetrappen, 1–4 på afdelingstrappen")
        case .accCriteria: ("employment;convictions;education;income, each at most once",
                    "employment;convictions;education;income, hver højst én gang")
        case .accTrueOrFalse: ("true or false",
                    "true eller false")
        case .accBeforeOrOn: ("a date on or before {1}",
                    "en dato senest {1}")
        case .accNeeds: ("together with {1}",
                    "sammen med {1}")
        case .accEachValueOnce: ("each value once in the file",
                    "hver værdi én gang i filen")
        case .accEachOnce: ("each one once in the file",
                    "hver én gang i filen")
        case .accFileWrittenBy: ("a file written by `vacancy-ledger {1}`",
                    "en fil skrevet af `vacancy-ledger {1}`")
        case .accOptionally: (", optionally followed by {1}",
                    ", eventuelt efterfulgt af {1}")
        case .accColumnCount: ("{1} columns, as in the header",
                    "{1} kolonner, som i overskriften")
        case .accUTF8File: ("the path of a UTF-8 text file",
                    "stien til en UTF-8-tekstfil")
        case .accTogether: ("{1} and {2} together, or neither",
                    "{1} og {2} sammen, eller ingen af dem")
        case .placeStepRange: ("1–2 on the area staircase, 1–4 on the department staircase",
                    "1–2 på områdetrappen, 1–4 på afdelingstrappen")
        case .placeAtRiskOnly: ("--at-risk only on department step 1",
                    "--at-risk kun på afdelingstrappens trin 1")
        case .placeExemptOnly: ("--exempt only on department step 2",
                    "--exempt kun på afdelingstrappens trin 2")
        case .placeCriteriaOnly: ("--criteria only on area step 1",
                    "--criteria kun på områdetrappens trin 1")
        case .placeReservedOnly: ("--reserved 0 or more, only on the department staircase",
                    "--reserved 0 eller flere, kun på afdelingstrappen")
        case .placeMisfit: ("--{1} does not fit a placement on the {2}, step {3} (accepted: {4})",
                    "--{1} passer ikke til en placering på {2}, trin {3} (mulige: {4})")
        case .placeBaseOnArea: ("--base-step {1} on the area staircase (accepted only on the department staircase; area placements have no base step)",
                    "--base-step {1} på områdetrappen (kun muligt på afdelingstrappen; placeringer på områdetrappen har intet grundtrin)")
        case .placeTooManyReserved: ("--reserved {1} is more than the department's {2} units (accepted: 0–{2})",
                    "--reserved {1} er flere end afdelingens {2} boliger (mulige: 0–{2})")
        case .placeSameDate: ("department {1} already has a placement from {2} (accepted: a later --from; placements are never changed)",
                    "afdeling {1} har allerede en placering fra {2} (mulige: en senere --from; placeringer ændres aldrig)")
        case .placeRetroactive: ("--from {1} is on or before {2}, the date of a vacancy already logged in {3} (accepted: a date after {2}; placements are never retroactive)",
                    "--from {1} er senest {2}, datoen for en ledig bolig, der allerede er registreret i {3} (mulige: en dato efter {2}; placeringer gælder aldrig bagud)")
        case .placeBaseContradicts: ("--base-step {1} contradicts {2}'s base step {3} for the period {4} (R3; accepted: {3}, or leave it out)",
                    "--base-step {1} modsiger {2}s grundtrin {3} for perioden {4} (R3; mulige: {3}, eller udelad det)")
        case .pageTitle: ("VacancyLedger — one in three", "VacancyLedger — hver tredje")
        case .pageSignIn: ("Sign in", "Log ind")
        case .pageSignInHelp: ("Sign in with the token your administrator issued you.", "Log ind med den nøgle, din administrator har udstedt til dig.")
        case .pageToken: ("Token", "Nøgle")
        case .pageSignInButton: ("Sign in", "Log ind")
        case .pageSignOut: ("Sign out", "Log ud")
        case .pageSignedInAs: ("Signed in as {1} ({2})", "Logget ind som {1} ({2})")
        case .pageFilter: ("Filter", "Filtrér")
        case .pageYear: ("Year", "År")
        case .pageOrganisation: ("Organisation", "Boligorganisation")
        case .pageAll: ("All", "Alle")
        case .pageApply: ("Show", "Vis")
        case .pageLanguageSwitch: ("Dansk", "English")
        case .pageYearFigures: ("Figures for the year {1}", "Tal for året {1}")
        case .pagePeriodFigures: ("Figures for the whole agreement period {1}", "Tal for hele aftaleperioden {1}")
        case .pagePendingOffers: ("Offers awaiting an answer, oldest first", "Tilbud, der afventer svar, ældste først")
        case .pageNoPendingOffers: ("No offers await an answer.", "Ingen tilbud afventer svar.")
        case .pageSettle: ("Answer", "Svar")
        case .pageSettleButton: ("Record the answer", "Registrér svaret")
        case .pageSettled: ("Recorded: vacancy {1} {2} on {3}.", "Registreret: ledig bolig {1} {2} den {3}.")
        case .pageSettleRefused: ("Not recorded: {1}", "Ikke registreret: {1}")
        case .pageCSRF: ("The form has expired or did not come from this page: nothing was recorded. Reload the page and try again.",
                         "Formularen er udløbet eller kom ikke fra denne side: intet er registreret. Genindlæs siden, og prøv igen.")
        case .pagePrevious: ("Previous", "Forrige")
        case .pageNextPage: ("Next", "Næste")
        case .pageRows: ("Rows {1}–{2} of {3}", "Række {1}–{2} af {3}")
        case .pageSortBy: ("Sort by {1}", "Sortér efter {1}")
        }
    }

    /// The text in the current language, its `{n}` filled with `arguments` in order.
    public func text(_ arguments: any CustomStringConvertible...) -> String {
        text(in: Language.current, arguments)
    }

    public func text(in language: Language, _ arguments: [any CustomStringConvertible]) -> String {
        let template = language == .da ? texts.da : texts.en
        guard !arguments.isEmpty, template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let n = Int(after[..<close]), (1...arguments.count).contains(n) {
                out += arguments[n - 1].description
                rest = after[after.index(after: close)...]
            } else {
                out += "{"
                rest = after
            }
        }
        return out + rest
    }

    /// The `{n}` a template uses, for the catalogue's own test.
    public static func placeholders(_ template: String) -> Set<Int> {
        var found: Set<Int> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let n = Int(after[..<close]) { found.insert(n) }
            rest = after
        }
        return found
    }
}

/// The vocabulary's words in the reader's language.
public enum Words {
    public static func route(_ route: Route) -> String {
        switch route {
        case .referral: Phrase.routeReferral.text()
        case .flexible: Phrase.routeFlexible.text()
        case .tightened: Phrase.routeTightened.text()
        case .ordinary: Phrase.routeOrdinary.text()
        }
    }

    /// How a dwelling is let from the waiting list by `route` ("by flexible criteria").
    public static func letBy(_ route: Route) -> String {
        switch route {
        case .referral: Phrase.letByReferral.text()
        case .flexible: Phrase.letByFlexible.text()
        case .tightened: Phrase.letByTightened.text()
        case .ordinary: Phrase.letBySeniority.text()
        }
    }

    public static func staircase(_ staircase: Staircase) -> String {
        staircase == .area ? Phrase.staircaseArea.text() : Phrase.staircaseDepartment.text()
    }

    public static func status(_ status: ComplianceStatus) -> String {
        switch status {
        case .ok: Phrase.statusOK.text()
        case .atLimit: Phrase.statusAtLimit.text()
        case .breach: Phrase.statusBreach.text()
        }
    }

    public static func outcome(_ outcome: Outcome?) -> String {
        switch outcome {
        case nil: Phrase.outcomePending.text()
        case .referred?: Phrase.outcomeReferred.text()
        case .rehoused?: Phrase.outcomeRehoused.text()
        case .returned?: Phrase.outcomeReturned.text()
        }
    }

    public static func withheld(_ reason: WithheldReason) -> String {
        switch reason {
        case .cap: Phrase.withheldCap.text()
        case .fourth: Phrase.withheldFourth.text()
        case .exempt: Phrase.withheldExempt.text()
        }
    }

    public static func grouping(_ grouping: AuditGrouping) -> String {
        switch grouping {
        case .department: Phrase.groupingDepartment.text()
        case .step: Phrase.groupingStep.text()
        case .staircase: Phrase.groupingStaircase.text()
        case .organisation: Phrase.groupingOrganisation.text()
        case .city: Phrase.groupingCity.text()
        }
    }

    public static func criterion(_ criterion: Criterion) -> String {
        switch criterion {
        case .employment: Phrase.criterionEmployment.text()
        case .convictions: Phrase.criterionConvictions.text()
        case .education: Phrase.criterionEducation.text()
        case .income: Phrase.criterionIncome.text()
        }
    }

    public static func criteria(_ list: [Criterion]) -> String { list.map(criterion).joined(separator: ", ") }

    /// An audit key that is a vocabulary word (a staircase, `city`), in the reader's language;
    /// ids and step numbers as they are.
    public static func groupKey(_ key: String, _ grouping: AuditGrouping) -> String {
        switch grouping {
        case .staircase:
            return key == "unplaced" ? Phrase.unplaced.text() : term(key)
        case .step:
            if key == "unplaced" { return Phrase.unplaced.text() }
            let parts = key.split(separator: " ")
            guard parts.count == 3, Staircase(rawValue: String(parts[0])) != nil else { return key }
            return Phrase.stepOf.text(term(String(parts[0])), parts[2])
        case .city:
            return key == "city" ? Phrase.groupingCity.text() : key
        default:
            return key
        }
    }

    /// A vocabulary value (a route, outcome, status, staircase or reason, as JSON writes it)
    /// as a table cell: the value itself in English, the agreement's word in Danish.
    public static func term(_ raw: String) -> String {
        guard Language.current == .da else { return raw }
        let phrase: Phrase? = switch raw {
        case "referral": .termReferral
        case "flexible": .termFlexible
        case "tightened": .termTightened
        case "ordinary": .termOrdinary
        case "area": .termArea
        case "department": .termDepartment
        case "not-offered": .termNotOffered
        case "withheld": .termWithheld
        case "void": .termVoid
        case "cap": .termCap
        case "fourth": .termFourth
        case "exempt": .termExempt
        case "referred": .outcomeReferred
        case "rehoused": .outcomeRehoused
        case "returned": .outcomeReturned
        case "pending": .outcomePending
        case "at-limit": .statusAtLimit
        case "breach": .statusBreach
        default: nil
        }
        return phrase?.text() ?? raw
    }
}
