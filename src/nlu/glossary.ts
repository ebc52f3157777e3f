/**
 * Domain glossary: a concept (named by its usual Chinese term) and the other ways people write
 * it, in Chinese and in English. A message that mentions any of them gets the feature
 * `=concept`, so what the model learns from Chinese requests carries over to English ones and
 * to synonyms it has not seen ("煤气" / "天然气" / "gas" are one thing to it).
 *
 * Format per line: `concept: 中文 同义词 | english, multi word phrase`. English is matched on
 * Porter stems at word boundaries, Chinese on substrings (so keep Chinese variants 2+ chars).
 * Concepts above the `# speech acts` line are topics (what a request is about).
 */
const ENTRIES = `
燃气: 煤气 天然气 液化气 燃气表 气表 燃气灶 燃气费 停气 供气 通气 | gas, natural gas, lpg, gas meter, gas bill, gas stove
安检: 安全检查 入户检查 | safety inspection, safety check, inspector
电梯: 扶梯 直梯 | lift, elevator, escalator
电费: 电表 电价 缴电费 | electricity bill, electric bill, electricity meter, electricity, power bill
停电: 断电 没电 来电 跳闸 | power cut, power outage, blackout, no power, no electricity, outage
电压: 电线 变压器 电线杆 | voltage, transformer, power line, wire, power pole
充电桩: 充电站 | charging pile, charger, charging station, ev charging
停水: 没水 断水 来水 水压 | water outage, no water, water cut, water pressure
水费: 水表 自来水 | water bill, water meter, tap water
水质: 水发黄 水有味 浑浊 | water quality, yellow water, dirty water
下水道: 排水 雨水井 污水管 管道堵 返味 化粪池 | sewer, drain, drainage, blocked drain, sewage pipe
井盖: 窨井 | manhole, manhole cover
积水: 内涝 淹了 被淹 泡水 | flood, flooding, waterlogged, flooded
物业: 物业公司 物业费 业委会 业主委员会 | property company, property management, property fee, management fee, homeowners committee
开发商: 交房 延期交房 新房 楼盘 精装 | developer, new apartment delivery, handover, new flat
中介: 房产中介 黑中介 | estate agent, real estate agent, agency
租房: 房租 房东 租客 公租房 廉租房 保障房 人才公寓 | rent, landlord, tenant, public rental housing, rental
加装电梯: 旧楼加装 | add an elevator, adding lift, install elevator
老旧小区: 老小区 旧改 | old community, old neighbourhood, renovation
施工: 工地 装修 渣土 扬尘 | construction, construction site, renovation noise, dust
违建: 违章建筑 私搭乱建 违法建设 | illegal structure, illegal building, unauthorised structure
摆摊: 占道经营 小商贩 流动摊贩 | street vendor, stall, hawker
垃圾: 垃圾分类 垃圾桶 垃圾站 清运 | garbage, rubbish, trash, waste collection, bin
路灯: 照明 | street light, street lamp, streetlight, lamp
公厕: 厕所 卫生间 | public toilet, toilet
广告牌: 户外广告 招牌 小广告 | billboard, outdoor advertising, sign board, flyers
油烟: 烧烤 | cooking fume, fume, smoke from restaurant
暖气: 供暖 供热 暖气片 取暖费 热力 | heating, radiator, heating fee, central heating
公交: 公交车 公交线路 站牌 | bus, bus route, bus stop, bus line
出租车: 网约车 滴滴 打车 | taxi, cab, ride hailing, didi, driver
地铁: 轨道交通 | metro, subway
道路: 坑洼 路面 坑 修路 | road, pothole, road surface
驾校: 学车 练车 驾照考试 | driving school, driving lesson, driving test
户口: 户籍 落户 迁户口 | household registration, hukou, registered residence
身份证: 证件 | id card, identity card
居住证: 暂住证 签证 外国人 | residence permit, visa, foreigner, foreign resident
交警: 违章 罚单 扣分 闯红灯 红绿灯 信号灯 | traffic police, traffic violation, ticket, fine, traffic light
停车: 车位 停车场 乱停 | parking, parking space, park
噪音: 扰民 吵 噪声 | noise, noisy, loud
诈骗: 骗子 被骗 骗了 刷单 | fraud, scam, scammed, cheated, swindle
派出所: 报警 报案 民警 警察 公安 | police station, police, report to police, officer
工资: 欠薪 拖欠工资 薪水 工钱 加班费 | wage, salary, pay, unpaid wage, overtime pay
劳动合同: 合同 辞退 解雇 试用期 劳动仲裁 | labour contract, labor contract, fired, dismissal, probation, arbitration
社保: 养老保险 社会保险 五险一金 缴费基数 | social insurance, social security, pension insurance
养老金: 退休金 退休 | pension, retirement, retire
失业金: 失业保险 | unemployment benefit, unemployment insurance
工伤: 工伤认定 伤残鉴定 | work injury, injured at work, industrial injury
人才: 人才补贴 人才引进 职称 留学回国 | talent subsidy, talent, professional title, returnee
职业资格: 技能证书 电工证 职业技能 培训补贴 | vocational certificate, skill certificate, vocational training
医保: 医疗保险 医保卡 社保卡 | medical insurance, health insurance, insurance card
报销: 结算 异地就医 备案 | reimbursement, reimburse, claim, settlement, cross city
药品: 药 药店 | drug, medicine, pharmacy, medication
医院: 门诊 急诊 住院 挂号 医生 大夫 护士 | hospital, clinic, doctor, nurse, emergency department, outpatient
疫苗: 接种 打针 防疫 | vaccine, vaccination, vaccinate, jab
诊所: 黑诊所 私人诊所 | clinic, unlicensed clinic
出生证明: 出生医学证明 | birth certificate, birth medical certificate
传染病: 疫情 流感 发烧 | epidemic, outbreak, flu, infectious disease
学校: 小学 初中 中学 高中 学生 老师 班主任 | school, primary school, middle school, student, teacher
入学: 学区 招生 划片 转学 学位 | enrolment, enrollment, school district, admission, school place
幼儿园: 托儿所 | kindergarten, nursery
培训机构: 补课 辅导班 课外班 校外培训 | tutoring, tutoring institution, cram school, training centre, extra class
校车: | school bus
工厂: 厂子 厂里 企业 车间 | factory, plant, workshop
污染: 排污 偷排 废气 废水 异味 臭味 刺鼻 | pollution, pollute, waste water, exhaust, odour, odor, smell, stink
环评: 环境影响评价 排污许可 | environmental impact assessment, eia, pollutant permit, discharge permit
危废: 危险废物 | hazardous waste
河道: 河水 河里 水体 | river, stream, water body
民政: 低保 特困 救助 | subsistence allowance, dibao, social assistance, hardship
养老: 养老院 敬老院 老年人 老人 高龄 居家养老 | elderly care, nursing home, elderly, old people, senior
婚姻: 结婚 离婚 结婚登记 婚姻登记 | marriage, marriage registration, divorce, wedding registration
殡葬: 火化 墓地 丧葬 殡仪馆 | funeral, cremation, cemetery, burial
残疾: 残疾人 残疾证 | disability, disabled, disabled person
儿童福利: 孤儿 留守儿童 事实无人抚养 | orphan, child welfare, left behind children
社会组织: 协会 社团 | social organisation, association, ngo
发票: 开票 发漂 | invoice, fapiao, receipt
个税: 个人所得税 所得税 退税 | income tax, tax refund, personal income tax
纳税: 报税 税务 申报 税收 | tax, tax filing, taxation, tax return
出口退税: 退税 | export rebate, export tax refund
外贸: 进出口 出口 进口 报关 清关 | foreign trade, import, export, customs, customs clearance
外资: 外资企业 外商投资 | foreign investment, foreign company, foreign invested
展会: 博览会 交易会 | trade fair, exhibition, expo
电商: 直播带货 网店 跨境电商 | e-commerce, ecommerce, online store, live streaming
超市: 商场 批发市场 农贸市场 菜市场 | supermarket, mall, wholesale market, market
制造业: 技改 数字化转型 智能制造 | manufacturing, digital transformation, industrial upgrade
专精特新: 小巨人 | specialised and innovative, little giant, sme
产业园: 工业园 园区 | industrial park, industry park, park
民营企业: 私企 中小企业 | private firm, private company, private enterprise, small business
融资: 贷款 担保 | financing, loan, credit
拖欠账款: 欠款 账款 工程款 | owed money, unpaid invoice, payment arrears, money owed
营商环境: 乱检查 乱收费 吃拿卡要 | business environment, arbitrary inspection, arbitrary fee
营业执照: 执照 工商注册 注销 | business license, business licence, company registration, deregistration
审批: 许可证 办证 政务服务网 政务大厅 | approval, permit, license application, government service portal, service hall
不动产: 房产证 不动产证 产权证 过户 | property certificate, real estate registration, title deed, ownership certificate
土地: 宅基地 用地 征地 | land, land use, homestead, land acquisition
规划: 测绘 测量 红线 | planning, zoning, surveying, survey
公积金: 住房公积金 | provident fund, housing fund
景区: 景点 门票 旅游 旅行社 导游 | scenic spot, scenic area, tourist, tour, travel agency, tour guide
演出: 演唱会 剧院 | performance, concert, show, theatre
网吧: 网咖 | internet cafe
图书馆: 博物馆 文化馆 | library, museum
农业: 种子 化肥 农药 农资 | seed, fertiliser, fertilizer, pesticide, farm
补贴: 补助 津贴 | subsidy, allowance, grant
农村: 村里 村委 村民 承包地 | village, rural, village committee, villager
养殖: 畜牧 兽医 牲畜 猪 | livestock, animal epidemic, vet, husbandry, cattle, poultry
安全生产: 安全隐患 隐患 安全员 | work safety, safety hazard, safety officer
危化品: 危险化学品 易燃易爆 | hazardous chemical, dangerous chemical, chemical
灭火器: 消防栓 消防设施 | fire extinguisher, fire hydrant, fire fighting equipment
救灾: 灾后 受灾 台风 暴雨 冰雹 | disaster relief, storm, typhoon, hail
法律援助: 律师 打官司 | legal aid, lawyer, lawsuit
公证: 公证处 | notarisation, notarization, notary, notarized
调解: 人民调解 纠纷 | mediation, mediate, dispute
社区矫正: | community correction
退款: 退钱 不退 退费 | refund, money back
预付卡: 会员卡 储值卡 | prepaid card, membership card, stored value card
健身房: 美容院 理发店 美发 | gym, salon, hair salon, beauty salon
食品: 吃出 变质 过期 | food, expired, food safety, rotten
假货: 假冒 山寨 | fake, counterfeit, knockoff
虚假宣传: 宣传 夸大 | false advertising, misleading advertising
商家: 店家 商店 网店 卖家 | shop, store, seller, merchant, vendor
饭店: 餐馆 餐厅 饭馆 | restaurant, eatery
特种设备: 压力容器 锅炉 起重机 游乐设施 | special equipment, boiler, crane
缺斤短两: 短斤少两 缺斤少两 称不准 鬼秤 | short weight, rigged scale
检疫: 检疫章 检验检疫 | quarantine, inspection stamp
地沟油: 三无产品 | gutter oil, unlabelled product
售后: 三包 保修 七天无理由 退换货 | after sales, warranty, return policy, consumer rights
明码标价: 价签 标价 | price tag, price label
认证: 3c认证 质检报告 | certification, quality report
一网通办: 网上办 线上办 政务服务网 网上大厅 爱山东 | online portal, government app, online application
办事大厅: 窗口 取号 排号 | service window, service hall, queue number
维修基金: 专项维修资金 维修资金 | maintenance fund
烂尾楼: 停工 | unfinished building, abandoned project
网签: 购房合同 商品房 | purchase contract, new home purchase
夜间施工: 半夜施工 夜里施工 | night construction, construction at night
绿化: 树木 修剪 草坪 砍树 绿地 | tree, trimming, lawn, greenery, green space
大件垃圾: 旧家具 旧沙发 装修垃圾 建筑垃圾 | bulky waste, old furniture, renovation waste
条幅: 横幅 | banner
共享单车: 单车乱停 | shared bike, bike sharing
轮渡: 码头 渡轮 港口 | ferry, port, pier
客运: 大巴 客运站 长途车 汽车站 | coach, long distance bus, bus station
超载: 超员 | overload, overloaded
公交卡: 乘车码 交通卡 | bus card, transit card
改名: 更名 改名字 | change name, name change
出入境: 护照 港澳通行证 | passport, exit entry, travel permit
治安: 赌博 吸毒 卖淫 黄赌毒 | gambling, drug, public order
飙车: 炸街 改装车 | street racing, modified car, racing
养犬: 遛狗 狗叫 犬只 狗拴绳 | dog, leash, barking
交通事故: 剐蹭 追尾 事故认定 | traffic accident, collision, accident report
假证: 伪造 | fake certificate, forged document
童工: 未成年工 | child labour, child labor
招聘: 求职 职业中介 招工 | recruitment, job seeker, job agency, job fair
农民工: | migrant worker
病退: 提前退休 | early retirement
慢特病: 慢性病 特殊病 门诊慢性病 | chronic disease
医保个人账户: 个人账户 | personal account
生育保险: 生育津贴 | maternity insurance, maternity allowance
长护险: 长期护理保险 | long term care insurance
医保目录: 集采 | drug list, formulary
医疗纠纷: 医疗事故 误诊 | malpractice, misdiagnosis, medical dispute
体检: 健康证 | health check, health certificate, medical examination
课后服务: 托管 午托 | after school care, after school service
摇号: 民办 普惠园 | lottery, school lottery
学籍: 学历 毕业证 | student status, diploma
食堂: | canteen
机器噪音: 冲压 风机 设备噪音 | machinery noise, machine noise
烟囱: 黑烟 排放 | chimney, emission, black smoke
倾倒: 偷倒 乱倒 | dumping, illegal dumping
辐射: 基站 | radiation, base station
水管: 爆管 漏水 管网 | water pipe, burst pipe, leaking pipe
二次供水: 水箱 | water tank
光伏: 并网 | solar, photovoltaic, grid connection
用电报装: 增容 通电 | electricity connection, capacity increase
电缆: 电缆井 | cable
慈善: 募捐 捐款 | charity, donation, fundraising
墓地: 海葬 公墓 墓穴 骨灰 | sea burial, cemetery, ashes, grave
地名: 门牌 路名 | house number, street name
流浪: 乞讨 救助站 | homeless, beggar, shelter
偷税: 漏税 逃税 阴阳合同 少报收入 | tax evasion
税种: 契税 增值税 印花税 房产税 | deed tax, vat, stamp duty
电子税务局: 税务app 个税app | e-tax, tax app
税收优惠: 减税 免税 减免 | tax cut, tax exemption, tax incentive
以旧换新: 家电补贴 消费券 | trade in, consumption voucher
工业互联网: 软件 信息化 5g | software, industrial internet, informatization
专项资金: 奖补 产业基金 首台套 | policy fund, industrial fund, special fund
一企一策: | one company one policy, tailored policy
续贷: 转贷 抽贷 过桥 | loan renewal, bridge loan
涉企检查: 多头检查 重复检查 | repeated inspection, enterprise inspection
继承: 遗产 | inheritance, inherit
面积: 公摊 测量面积 | floor area, square meter, sqm
耕地: 林地 占地 基本农田 | farmland, arable land, forest land
强制购物: 购物团 低价游 | forced shopping, cheap tour
文物: 古建筑 | cultural relic, heritage
节庆: 啤酒节 节会 | festival, beer festival
酒店: 民宿 宾馆 | hotel, homestay, guesthouse
合作社: 家庭农场 | cooperative, family farm
农机: 拖拉机 收割机 | farm machinery, tractor, harvester
病虫害: 虫害 病害 | crop disease, pest
动物防疫: 猪瘟 禽流感 | animal disease, swine fever, bird flu
灌溉: 水渠 高标准农田 | irrigation, canal
土地流转: 承包地 | land transfer, contracted land
渔业: 渔船 | fishery, fishing boat
种苗: 鸡苗 鱼苗 树苗 | chicks, seedlings, fry
村务: 村务公开 村干部 换届 | village affairs, village official, village election
粉尘: 涉爆 | dust, dust explosion
烟花爆竹: 鞭炮 | fireworks, firecracker
有限空间: | confined space
应急预案: | emergency plan
遗嘱: | will, testament
司法鉴定: | forensic appraisal, judicial appraisal
# speech acts: what the person wants done, not what it is about
投诉: 不满 | complain, complaint
建议: 希望 能不能 最好 提议 | suggest, suggestion, recommend, propose, it would be better
表扬: 感谢 谢谢 点赞 好评 锦旗 | praise, thank, thanks, grateful, appreciate, well done
举报: 反映 曝光 | report, whistleblow
求助: 帮帮 救救 怎么办 | please help, help me, need help
咨询: 请问 怎么办理 需要什么 | how to, how do i, how can i, where can i, is it possible, what is
`;

export interface GlossaryEntry {
  concept: string;
  /** A subject of requests (gas, lifts, wages), as opposed to a speech act (complain, thank). */
  topic: boolean;
  chinese: string[];
  /** English variants as lowercase word sequences (stemmed by the feature extractor). */
  english: string[];
}

function parse(entries: string): GlossaryEntry[] {
  const out: GlossaryEntry[] = [];
  let topic = true;
  for (const line of entries.trim().split('\n')) {
    if (line.startsWith('#')) {
      topic = false;
      continue;
    }
    const colon = line.indexOf(':');
    const concept = line.slice(0, colon).trim();
    const [zh = '', en = ''] = line.slice(colon + 1).split('|');
    out.push({
      concept,
      topic,
      chinese: [concept, ...zh.trim().split(/\s+/).filter(Boolean)],
      english: en
        .split(',')
        .map((phrase) => phrase.trim().toLowerCase())
        .filter(Boolean),
    });
  }
  return out;
}

export const GLOSSARY: readonly GlossaryEntry[] = parse(ENTRIES);

/**
 * Every way of naming a topic, each on its own: bare subjects ("停水", "gas bill") are requests,
 * never conversation or emergencies, which the meta and emergency heads learn from these.
 */
export function topicPhrases(): string[] {
  return GLOSSARY.filter((e) => e.topic).flatMap((e) => [...e.chinese, ...e.english]);
}
