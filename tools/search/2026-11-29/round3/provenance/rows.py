row("kose2024", found="yes", doi="10.3390/jpm14070721",
    canonical_url="https://doi.org/10.3390/jpm14070721",
    read_url="https://ouci.dntb.gov.ua/works/4EezaOq4",
    title_as_found="Ultrasound-Guided Cervical Selective Nerve Root Block versus Fluoroscopy-Guided Interlaminar Epidural Injection for Cervical Radicular Pain: A Randomized, Prospective, Controlled Study",
    first_author_as_found="Halil Cihan Kose", year_as_found="2024", journal_as_found="Journal of Personalized Medicine 14(7):721 (MDPI)",
    evidence_quote="https://doi.org/10.3390/jpm14070721 · Видання: Journal of Personalized Medicine, 2024, № 7, с. 721 Видавець: MDPI AG Автори: Halil Cihan Kose, Selin Guven Kose, Feyza Celikel, Serkan Tulgar, Omer Taylan Akkaya",
    note="DOI printed on OUCI (an aggregator listed in MIRROR_HOSTS); title, all 5 authors, year and abstract (60 patients; 56.6% vs 50%, p = 0.617) match the bib entry and the jioinstitute catalogue record. Journal newly identified: J Pers Med 2024;14(7):721. The MDPI page itself was not returned (1 search). The RAPM 2023 OP015 abstract is an earlier conference version.")
row("won2016cervicalcadaver", found="yes",
    canonical_url="https://koreauniv.pure.elsevier.com/en/publications/ultrasound-guided-lower-cervical-nerve-root-injectate-volumes-ass",
    read_url="https://koreauniv.pure.elsevier.com/en/publications/ultrasound-guided-lower-cervical-nerve-root-injectate-volumes-ass",
    title_as_found="Ultrasound-Guided Lower Cervical Nerve Root Injectate Volumes Associated With Dorsal Root Ganglion and Epidural Spread",
    first_author_as_found="Sun Jae Won", year_as_found="2016", journal_as_found="Journal of Ultrasound in Medicine 35(2):305-310",
    evidence_quote="Pages (from-to) | 305-310 | ... Journal | Journal of Ultrasound in Medicine | Volume | 35 | Issue number | 2 | DOIs | | Publication status | Published - 2016 Feb 1",
    note="Official Korea University research portal (Pure) record; abstract (32 injections C5-C8 in 4 fresh cadavers; 29/32 DRG, 10/32 epidural) matches the bib. The DOIs field is empty in the excerpt, so no DOI recorded. Full author list from metajournal: Sun Jae Won, Won Ihl Rhee, Joon Shik Yoon, U-Young Lee, Young Jin Ko.")
row("evansa2015", found="yes",
    canonical_url="https://science.rsu.lv/en/publications/ultrasound-versus-fluoroscopic-guided-epidural-steroid-injections",
    read_url="https://science.rsu.lv/en/publications/ultrasound-versus-fluoroscopic-guided-epidural-steroid-injections",
    title_as_found="Ultrasound versus fluoroscopic-guided epidural steroid injections in patients with degenerative spinal diseases",
    first_author_as_found="Irina Evansa", year_as_found="2015 (published online 16 May 2014)", journal_as_found="European Journal of Anaesthesiology 32(4):262-268",
    evidence_quote="Original languageEnglish Pages (from-to)262-268 Number of pages7 JournalEuropean Journal of Anaesthesiology Issue number4",
    note="Official Riga Stradins University research portal (Pure) record - a university repository, not a mirror; abstract (112 patients, Jan 2010-Sep 2012) matches. No DOI/PMID printed in 3 searches this round. First author from docksci copy ('Irina Evansa, Inara Logina, Indulis Vanags and Alain Borgeat'; 'Eur J Anaesthesiol 2015; 32:262-268'). The previous round saw the same RSU page but did not count it as canonical.")
GBD_NOTE = ("DOI/PMID of the Lancet Rheumatology paper still not printed on any returned page (5 searches this round, 5+ last round). "
            "Canonical URL given is the Deakin University research repository record (dro.deakin.edu.au); the Manipal Academy Pure record "
            "https://researcher.manipal.edu/en/publications/global-regional-and-national-burden-of-low-back-pain-19902020-its (RIS export, T1/T2 title and "
            "AU list exact) is a second university-repository record. Journal/volume/pages from chiro.org ('Lancet Rheumatology 2023 (May 23); 5 (6): E316-E329') "
            "and medical-tribune.co.jp ('Lancet Rheumatol(2023; 5: e316-e329)'). Fix in the bib: add primary = {gbd2021lbp} to this entry "
            "(gbd2021lbp already has a non-mirror URL) and, ideally, add the DOI to gbd2021lbp after a PubMed/thelancet.com look-up.")
for k, extra in (("curanature_gbd2021lbp", "curanature.com page itself was not re-read; it is a reproduction of the abstract. "),
                 ("physweekly_gbd2021lbp", "The bib URL is on staging.physiciansweekly.com (a staging host); the summary's YLD UI 578-1010 conflicts with 578-1070 in the abstract (atlas.chiro.org excerpt this round shows '832 per 100,000 (578–1070)'). ")):
    row(k, found="yes",
        canonical_url="https://dro.deakin.edu.au/articles/journal_contribution/Global_regional_and_national_burden_of_low_back_pain_1990_2020_its_attributable_risk_factors_and_projections_to_2050_a_systematic_analysis_of_the_Global_Burden_of_Disease_Study_2021/25332433",
        read_url="https://dro.deakin.edu.au/articles/journal_contribution/Global_regional_and_national_burden_of_low_back_pain_1990_2020_its_attributable_risk_factors_and_projections_to_2050_a_systematic_analysis_of_the_Global_Burden_of_Disease_Study_2021/25332433",
        title_as_found="Global, regional, and national burden of low back pain, 1990–2020, its attributable risk factors, and projections to 2050: a systematic analysis of the Global Burden of Disease Study 2021",
        first_author_as_found="ML Ferreira (GBD 2021 Low Back Pain Collaborators)", year_as_found="2023", journal_as_found="The Lancet Rheumatology 5(6):e316-e329 (from chiro.org / medical-tribune, not from the repository excerpt)",
        evidence_quote="Global, regional, and national burden of low back pain, 1990–2020, its attributable risk factors, and projections to 2050: a systematic analysis of the Global Burden of Disease Study 2021 journal contribution posted on 2024-04-09, 05:45 authored by ML Ferreira, K De Luca, LM Haile",
        primary_for="gbd2021lbp",
        note="Secondary summary; canonical identity is that of the primary work gbd2021lbp. " + extra + GBD_NOTE)

row("park2013caudal", found="partial",
    read_url="https://metajournal.com/articles/181825/ultrasound-guided-vs-fluoroscopy-guided-caudal-epidural-steroid-injection",
    title_as_found="Ultrasound-guided vs. fluoroscopy-guided caudal epidural steroid injection for the treatment of unilateral lower lumbar radicular pain: a prospective, randomized, single-blind clinical study.",
    first_author_as_found="Yongbum Park", year_as_found="2013", journal_as_found="Am J Phys Med Rehabil 92(7):575-86",
    evidence_quote="Yongbum Park, Ji-Hae Lee, Ki Deok Park, Jae Ki Ahn, Jaehyun Park, and Haemi Jee. ... Am J Phys Med Rehabil. 2013 Jul 1;92(7):575-86.",
    note="NEW this round (last round: not found). The work exists and matches the bib exactly (title, 6 authors, journal, 92(7):575-586; 120 patients, Sanggye Paik Hospital), but it was seen only on metajournal (a mirror in MIRROR_HOSTS); no DOI/PMID printed (5 searches). This is a different paper from the 2015 Medicine retrospective study (PMC5058920), so the bib is not conflating the two. Needs a PubMed or journals.lww.com look-up.")
row("moon2024", found="partial",
    read_url="https://www.epain.org/journal/view.html?doi=10.3344/kjp.24246",
    title_as_found="The pros and cons of ultrasound-guided procedures in pain medicine (named in a letter only)",
    first_author_as_found="Moon (surname only)", year_as_found="", journal_as_found="Korean J Pain (implied)",
    evidence_quote="I enjoyed Dr. Moon’s article entitled, \"The pros and cons of ultrasound-guided procedures in pain medicine.\"",
    note="Article itself still not found (4 searches this round: title, epain.org 37(3), citation with pages 201-210, synapse.koreamed.org). The epain page for 37(3):256-263 is a different article (Kim CS et al., cervical epidural block survey, doi 10.3344/kjp.24087). The only evidence is the Toledo letter, Korean J Pain 2025;38(1):79-80, doi 10.3344/kjp.24246, which is NOT the Moon article's DOI. Volume/issue/pages in the bib are unverified.")
row("hassan2024", found="partial",
    read_url="https://ouci.dntb.gov.ua/en/works/7WAmNzOl",
    title_as_found="Radicular Pain Management Using Ultrasound-Guided Versus Fluoroscopy-Guided Epidural Steroid Injections: A Systematic Scoping Review of Comparative Studies",
    first_author_as_found="Wassim Hassan", year_as_found="2024", journal_as_found="Cureus",
    evidence_quote="Journal 2024, Cureus Publisher Springer Science and Business Media LLC Authors Wassim Hassan, Ahmad Hassan, Enyo Ablordeppey, Jabra Mustafa, Lauren Yaeger, Ibrahim S Al-Busaidi",
    note="Same OUCI English page and researcher.life page as last round; the English OUCI page does not print the DOI line (the Ukrainian-language OUCI pages do, cf. kose2024) and 5 differently phrased searches this round never returned the Ukrainian page, cureus.com or PMC. Title, 6 authors, year and journal match the bib.")
row("botwin2002", found="partial",
    read_url="https://metajournal.com/articles/331520",
    title_as_found="Radiation exposure of the spinal interventionalist performing fluoroscopically guided lumbar transforaminal epidural steroid injections.",
    first_author_as_found="Kenneth P Botwin", year_as_found="2002", journal_as_found="Arch Phys Med Rehabil 83(5):697-701",
    evidence_quote="Kenneth P Botwin, Santhosh Thomas, Robert D Gruber, Francisco M Torres, Constantine C Bouchlas, Joshua J Rittenberg, and Sanjiv Rao. - Florida Spine Institute, Clearwater, FL 33765, USA. - Arch Phys Med Rehabil. 2002 May 1;83(5):697-701.",
    note="Still only metajournal (bib URL, a mirror). 3 searches this round (author+journal, OUCI-style reference with DOI prefix, journal volume/issue/pages): no archives-pmr.org, PubMed or DOI page returned.")
row("wininger2010", found="partial",
    read_url="https://www.trackx.tech/research-pain1",
    title_as_found="Radiation exposure in percutaneous spinal cord stimulation mapping: a preliminary report.",
    first_author_as_found="Wininger KL", year_as_found="2010", journal_as_found="Pain Physician 13(1):7-18",
    evidence_quote="Pain Physician. 2010 Jan-Feb;13(1):7-18. Radiation exposure in percutaneous spinal cord stimulation mapping: a preliminary report. Wininger KL1, Deshpande KK, Deshpande KK.",
    note="Only the vendor page (trackx.tech) and globalauthorid (bib URL, a mirror). 2 searches this round. The repeated 'Deshpande KK, Deshpande KK' also appears on the trackx page (possibly two co-authors with the same initials, possibly an error); globalauthorid lists a single author 'Wininger Kevin L.' (Orthopaedic & Spine Center, Columbus, OH) - check the author list on PubMed. No painphysicianjournal.com page or DOI returned.")
row("zhou2005", found="partial",
    read_url="http://fayllar.org/fluoroscopy-radiation-safety-for-spine-interventional-pain-pro.html",
    title_as_found="Fluoroscopy Radiation Safety for Spine interventional Pain Procedures in University Teaching Hospitals",
    first_author_as_found="YiLi Zhou", year_as_found="2005", journal_as_found="Pain Physician 8(1):49-53",
    evidence_quote="Pain Physician. 2005;8:49-53, ISSN 1533-3159 An Original Contribution Fluoroscopy Radiation Safety for Spine interventional Pain Procedures in University Teaching Hospitals YiLi Zhou MD, PhD, Natasha Singh, MD, PhD, Salahadin Abdi, MD, PhD, JiuHua Wu, MD, Jennifer Crawford, RN, and Fred A. Furgang, MD",
    note="Same file-sharing copy of the PDF and metajournal 420080 (bib URL) as last round; 3 searches this round (author list, OUCI-style reference, painphysicianjournal.com) returned no publisher page, PubMed record or DOI.")
row("asianspinej2012lfnb", found="partial",
    read_url="http://pubmedcentralcanada.ca/pmcc/solr/reg?pageSize=25&term=jtitle_s%3A(%22Asian+Spine+J%22)&sortby=score+desc&filterAuthor=author%3A(%22Ahn%2C+Sangho%22)",
    title_as_found="The Validation of Ultrasound-Guided Lumbar Facet Nerve Blocks as Confirmed by Fluoroscopy",
    first_author_as_found="Jung Heun-Guyn", year_as_found="2012", journal_as_found="Asian Spine Journal 6(3):163-167",
    evidence_quote="KMID : 1189320120060030163 Asian Spine Journal 2012 Volume.6 No. 3 p.163 ~ p.167 The Validation of Ultrasound-Guided Lumbar Facet Nerve Blocks as Confirmed by Fluoroscopy Jung Heun-Guyn Jeon Seong-Hun Ahn Sang-Ho Kim Min-Wook Choi Yong-Soo",
    note="NEW bibliographic details: authors Jung HG, Jeon SH, Ahn SH, Kim MW, Choi YS; Asian Spine J 2012;6(3):163-167 (pubmedcentralcanada mirror prints 'Asian Spine Journal 2012;6(3):163-167'; a KoreaMed/KMbase-style record with KMID 1189320120060030163 was returned WITHOUT a URL, so it cannot be cited). Asian Spine J is an open-access journal indexed in PMC, but no asianspinejournal.org, PMC or KoreaMed page for this article was returned in 4 searches, so no DOI/PMCID recorded. Bib 'author' field should be filled in.")
row("galianolumbarcadaver", found="partial",
    read_url="https://staging.scite.ai/authors/klaus-galiano-y824Ma",
    title_as_found="(title not printed) sonographically guided approach to the spinal nerve of the lumbar spine, CT-verified, 5 embalmed cadavers",
    first_author_as_found="K. Galiano (initials K.G. in affiliation block)", year_as_found="2005? (manuscript 'Received August 9, 2004')", journal_as_found="not printed (J Ultrasound Med style 'Key words' block; not confirmed)",
    evidence_quote="Fifty sonographically guided approaches at 5 levels (L1-S1) were performed on 5 embalmed cadavers ... Neurosurgery (K.G., A.A.O.) and Radiology (G.B., M.F.) and Institute of Anatomy and Histology (H.M.), Leopold-Franzens-University, Innsbruck, Austria ... Received August 9, 2004",
    note="Still only the scite staging author page (a mirror). 4 searches this round (abstract phrasing, author list + J Ultrasound Med 2005, OUCI-style, citation style). The Springer chapter reference lists that were returned name other Galiano 2005 papers (Anesth Analg 2005;101:579-583 facet joints; Reg Anesth Pain Med 2005;30:391-396 cervical) but not this lumbar spinal-nerve paper. Year is probably 2005 (received Aug 2004) - unconfirmed.")
row("yamauchindcrb", found="partial",
    read_url="https://accounts.public.ce.basespace.illumina.com/b/search/article.nb?id=21692976",
    title_as_found="(truncated) 'Ultras...' - ultrasound-guided cervical nerve root block, 12 patients C5-7 and 10 fresh cadavers",
    first_author_as_found="Masanori Yamauchi", year_as_found="", journal_as_found="not printed ('Wiley Periodicals, Inc.' copyright line)",
    evidence_quote="Citation Masanori Yamauchi, Daisuke Suzuki, Tomohisa Niiya, Hironori Honma, Nobuko Tachibana, Akihiko Watanabe, Mineko Fujimiya, Michiaki Yamakage. Ultras",
    note="Full author list is new this round; the title/journal/year are cut off on the only page returned (basespace, a mirror). 4 searches (title guess, author list, OUCI-style, citation style) returned no Pain Medicine/Wiley/PubMed page. The number 21692976 appears only in the mirror's URL (id=21692976); it may be a PMID but is NOT printed as one, so it is not recorded in the pmid column - verify on PubMed.")
row("awad2016", found="partial",
    read_url="https://search.isc.ac/inventory/10/2547985.htm",
    title_as_found="Ultrasound-Guided Versus C-Arm Fluoroscopy Controlled Radiofrequency Ablation of the Cervical Facets",
    first_author_as_found="Tariq Elemam Awad", year_as_found="", journal_as_found="not printed",
    evidence_quote="Title of article : Ultrasound-Guided Versus C-Arm Fluoroscopy Controlled Radiofrequency Ablation of the Cervical Facets Author/Authors : awad, tariq elemam suez canal university ... From page : 189 To page : 194",
    note="Same ISC catalogue record as last round (a mirror/catalogue host); journal still unknown (1 search). 40 patients, 123 facet levels, Jan 2012-Oct 2015, Suez Canal University. No year printed; the bib's 2016 came from the task brief.")
row("dualguidance_vp", found="partial",
    read_url="https://pubmed.ncbi.nlm.nih.gov/20496066/?dopt=Abstract",
    title_as_found="Dual guidance (CT and fluoroscopy) vertebroplasty: radiation dose to radiologists. How much and where?",
    first_author_as_found="", year_as_found="2010", journal_as_found="Skeletal Radiol 39(12):1229-35",
    evidence_quote="Skeletal Radiol. 2010 Dec;39(12):1229-35. doi: 10.1007/s00256-010-0931-3. Epub 2010 May 23. ... Twenty-four vertebroplasties were performed on 18 patients.",
    note="RELATED BUT NOT IDENTICAL - IDs deliberately left out of the ID columns. The bib page (info-radiology.com) describes 33 procedures (24 vertebroplasties + 9 kyphoplasties) in 25 patients, with a different title; the only indexed paper returned (again, 1 search) is the Skeletal Radiol 2010 vertebroplasty-only study (24 procedures / 18 patients, PubMed 20496066, doi 10.1007/s00256-010-0931-3). The 33-procedure version may be an unpublished extension or a later paper; not found.")
row("needletip78rootslumbarsnrb", found="no",
    read_url="https://stage.medifind.com/articles/publication/126854745",
    title_as_found="Accuracy of needle-tip localization by ultrasound guidance lumbar selective nerve root block: a prospective clinical study of 78 lumbar nerve roots block.",
    first_author_as_found="", year_as_found="", journal_as_found="",
    evidence_quote="prospective trial ... in 40 consecutive patients with lumbar radicular pain undergoing fluoroscopic guidance SNRB between January 2010 and January 2011",
    note="Only the medifind staging page (mirror). 5 searches (title, Chumnanvej/J Med Assoc Thai guess, Mahidol repository, abstract phrasing). The Mahidol University repository holds a related later paper by the same topic group - Chumnanvej S, Kittayapirom K, Chumnanvej S, 'Visualization of Needle-Tip Localization by Ultrasound Guidance with Contrast Bubble in Lumbar Selective Nerve Root Block', World Neurosurg 2018;111:e418-e423, doi 10.1016/j.wneu.2017.12.079 (30 SNRBs) - which is a DIFFERENT study and must not be substituted. Authors/journal of the 78-root study remain unknown.")
row("clinicalgate_peld", found="no",
    read_url="https://clinicalgate.com/posterolateral-endoscopic-lumbar-discectomy",
    title_as_found="CHAPTER 59 Posterolateral Endoscopic Lumbar Discectomy",
    evidence_quote="CHAPTER 59 Posterolateral Endoscopic Lumbar Discectomy Posterolateral endoscopic lumbar surgery is a less invasive surgical procedure to address lumbar pathology in the disc and boney foramen.",
    note="MIRROR-ONLY. The reproduced chapter does not name its source book, editors or authors in the returned text (1 search this round). Replace with a peer-reviewed source or identify the textbook from the full page.")
row("msk_idds", found="no",
    read_url="https://musculoskeletalkey.com/intrathecal-drug-delivery-surgical-technique",
    title_as_found="Intrathecal Drug Delivery: Surgical Technique",
    evidence_quote="Intrathecal Drug Delivery: Surgical Technique ... Fig. 19.1 Placement of intrathecal catheter through Tuohy needle after accessing CSF ... A330610_1_En_19_Fig2_HTML.jpg",
    note="MIRROR-ONLY, but the page was seen this round (last round it was not returned). It is chapter 19 of a book whose figure files follow Springer's naming (A330610_1_En_19_...), i.e. very probably a Springer book; title, editors and DOI not shown, so nothing is recorded (constructing a Springer DOI from the file name is not allowed). Related but different Springer/Northwestern chapters were also returned (Rosenow, 'Surgical Technique for Intrathecal Medication Delivery System Implantation'; Deer & Stewart, 'Pocketing for Intrathecal Drug Delivery Systems', doi 10.1007/978-1-4939-2110-2_40) - not the same chapter.")
row("smoking_lbp_daly", found="no",
    read_url="https://arxivlens.com/PaperView/Details/global-burden-of-low-back-pain-attributable-to-smoking-in-204-countries-and-territories-in-1990-2021.-8950-4611778",
    title_as_found="Global burden of low back pain attributable to smoking in 204 countries and territories in 1990-2021",
    evidence_quote="In 2021, smoking-related LBP was responsible for 8823.84 × 103 DALYs, a 30.05% increase since 1990. ... Montenegro had the highest DALYs due to smoking-related LBP, while Madagascar saw the greatest decline",
    note="MIRROR-ONLY (arxivlens). 4 searches this round (title, OUCI-style, abstract phrases, journal-article phrasing): journal, authors and DOI unknown.")
row("smoking_lbp_ysr", found="no",
    read_url="https://www.webhealthai.com/research-details.php?id=1541604",
    title_as_found="Global perspective on the burden of smoking-attributable low back pain: new insights from the global burden of disease study 2021",
    evidence_quote="Research Article: Global perspective on the burden of smoking-attributable low back pain: new insights from the global burden of disease study 2021",
    note="MIRROR-ONLY (webhealthai). 2 searches this round. Its opening sentence ('examine the evolving trends in the global burden of ... LBP from 1990 to 2021 and predicted disease burden until 2035') is nearly identical to Li Y, Zou C, ... Zang L, Huang G, Front Public Health 2024, doi 10.3389/fpubh.2024.1480779 (OUCI) - possibly the same group - but that is an all-risk-factor LBP paper, not this smoking paper; do not substitute.")
